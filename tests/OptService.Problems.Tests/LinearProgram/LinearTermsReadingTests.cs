using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>
/// The fast <c>terms</c> reader (scratch arrays, one string per distinct name) reads what the plain one read:
/// escaped names, names too long for the pool, long expressions, and errors with their paths.
/// </summary>
public sealed class LinearTermsReadingTests
{
    private static LinearProgramProblem Deserialize(string json) => JsonSerializer.Deserialize<LinearProgramProblem>(json, JobJson.Options)!;

    [Fact]
    public void OneModel_NamesTheSameVariable_WithOneString_EscapesUnescaped()
    {
        var problem = Deserialize("""
            {"variables":[{"name":"x"},{"name":"y"}],
             "constraints":[{"name":"a","terms":{"x":1,"y":2}},{"name":"b","terms":{"\u0078":3,"y":-4.5}}],
             "objective":{"terms":{"x":1}}}
            """);
        var a = problem.Constraints[0].Terms;
        var b = problem.Constraints[1].Terms;
        Assert.Equal(["x", "y"], b.Names);
        Assert.Equal([3.0, -4.5], b.Coefficients);
        Assert.Same(a.Names[0], b.Names[0]); // "\u0078" is x, and the same string as the other x
        Assert.Same(a.Names[0], problem.Objective!.Terms.Names[0]);
    }

    [Fact]
    public void LongNames_AndLongExpressions_AreReadWhole()
    {
        var longName = new string('v', 190) + "é";
        var names = Enumerable.Range(0, 5000).Select(k => "x" + k).Append(longName).ToArray();
        var json = JsonSerializer.Serialize(new
        {
            variables = names.Select(n => new { name = n }),
            constraints = new[] { new { name = "all", terms = names.ToDictionary(n => n, n => (double)n.Length) } },
        });
        var terms = Deserialize(json).Constraints[0].Terms;
        Assert.Equal(names, terms.Names);
        Assert.Equal(names.Select(n => (double)n.Length), terms.Coefficients);
        Assert.True(new LinearProgramKind(new LinearProgramLimits()).Parse(System.Text.Encoding.UTF8.GetBytes(json)).IsValid);
    }

    [Fact]
    public void BadCoefficient_AndUnknownName_KeepTheirMessages()
    {
        var kind = new LinearProgramKind(new LinearProgramLimits());
        var bad = kind.Parse("""{"variables":[{"name":"x"}],"constraints":[{"name":"c","terms":{"x":"two"}}]}"""u8);
        Assert.Contains("finite number", Assert.Single(bad.Errors).Reason, StringComparison.Ordinal);
        var unknown = kind.Parse("""{"variables":[{"name":"x"}],"constraints":[{"name":"c","terms":{"x":1,"z":2}}]}"""u8);
        Assert.Equal("$.constraints[0].terms['z']", Assert.Single(unknown.Errors).Path);
    }
}
