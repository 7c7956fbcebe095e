using OptService.Nlp.Collocation;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.Tests;

/// <summary>
/// A solve rents its large arrays from a process-wide pool and the next solve of the same size gets them back
/// (see <see cref="WorkArrayPool"/>): nothing one solve leaves in them may change the next one.
/// </summary>
public class ArrayReuseTests
{
    // 3,000 forward-Euler intervals: the vectors and the structure arrays are above the pool's 64 KB floor.
    private const int Intervals = 3_000;

    private static NlpResult SolveLanding(double altitude, Func<IterationRecord, bool>? onIteration = null) =>
        InteriorPointSolver.Solve(new CollocationNlp(new RawUnitsLanding(altitude), CollocationMethod.ForwardEuler, Intervals), onIteration: onIteration);

    private static void AssertSameBits(NlpResult expected, NlpResult actual)
    {
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.Iterations, actual.Iterations);
        Assert.Equal(expected.ObjectiveEvaluations, actual.ObjectiveEvaluations);
        Assert.Equal(expected.ConstraintEvaluations, actual.ConstraintEvaluations);
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected.Objective), BitConverter.DoubleToInt64Bits(actual.Objective));
        Assert.Equal(expected.X, actual.X);
        Assert.Equal(expected.ConstraintMultipliers, actual.ConstraintMultipliers);
    }

    [Fact]
    public void ConsecutiveSolves_OfTheSameSize_GiveIdenticalResults_WithAnotherProblemInBetween()
    {
        var first = SolveLanding(1);
        var other = SolveLanding(1e6); // same sizes, other values: leaves its own numbers in every reused array
        var again = SolveLanding(1);

        Assert.Equal(NlpStatus.Optimal, first.Status);
        Assert.NotEqual(first.Objective, other.Objective);
        AssertSameBits(first, again);
    }

    [Fact]
    public void ASolveStoppedByAnException_GivesItsArraysBack_AndTheNextSolveIsUnchanged()
    {
        var reference = SolveLanding(1);

        var thrown = Assert.Throws<InvalidOperationException>(() => SolveLanding(1, record =>
            record.Iteration < 3 ? true : throw new InvalidOperationException("stop here")));
        var after = SolveLanding(1);

        Assert.Equal("stop here", thrown.Message);
        AssertSameBits(reference, after);
    }

    [Fact]
    public void ARentedArray_ComesBackAfterTheSolve_ExactlyAsLong_AndCleared()
    {
        const int length = 54_321; // no solve of these tests asks for this length
        double[] first;
        using (var arrays = new SolveArrays())
        {
            first = arrays.Rent<double>(length);
            Array.Fill(first, 3.0);
            Assert.Equal(1, arrays.RentedCount);
        }
        using (var arrays = new SolveArrays())
        {
            var again = arrays.Rent<double>(length);
            Assert.Same(first, again);
            Assert.Equal(length, again.Length);
            Assert.All(again, value => Assert.Equal(0.0, value));
            Assert.Throws<ObjectDisposedException>(() =>
            {
                arrays.Dispose();
                return arrays.Rent<double>(length);
            });
        }
    }

    [Fact]
    public void ArraysOutsideASolve_AreNotPooled_AndAreZeroed()
    {
        var array = SolveArrays.Unpooled.Rent<double>(54_322, clear: false);

        Assert.All(array, value => Assert.Equal(0.0, value));
        Assert.Equal(0, SolveArrays.Unpooled.RentedCount);
    }
}
