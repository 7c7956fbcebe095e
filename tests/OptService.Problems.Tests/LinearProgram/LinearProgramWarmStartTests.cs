using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>An earlier job's variable values as a start, matched by name (<c>?warmStartFrom=</c>).</summary>
public class LinearProgramWarmStartTests
{
    [Fact]
    public void Match_ByName_LeavesNewAndNonFiniteVariablesWithoutAValue()
    {
        VariableValue[] earlier = [new("y", 2), new("x", 1.5), new("gone", 7), new("z", double.NaN), new("x", 99)];

        var hint = LinearProgramWarmStart.Match(["x", "y", "z", "new"], earlier, out var matched);

        Assert.Equal(2, matched);
        Assert.Equal(1.5, hint[0]); // the first "x" wins
        Assert.Equal(2, hint[1]);
        Assert.True(double.IsNaN(hint[2]));
        Assert.True(double.IsNaN(hint[3]));
    }
}
