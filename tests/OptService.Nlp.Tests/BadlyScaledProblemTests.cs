using OptService.Nlp.Collocation;

namespace OptService.Nlp.Tests;

/// <summary>
/// The solver's own safeguards against badly scaled numbers (issue 8): a feasible problem must not be
/// declared locally infeasible because its constraint values cannot get below their rounding error.
/// </summary>
public class BadlyScaledProblemTests
{
    /// <summary>Minimum fuel of <see cref="RawUnitsLanding"/> from 1 m on 50 forward-Euler intervals.</summary>
    private const double FuelFromOneMetre = 13.187832;

    [Theory]
    [InlineData(1)]
    [InlineData(1e6)]
    [InlineData(1e9)]
    [InlineData(1e10)]
    public void Solve_FindsTheLandingInRawUnits_WhereRoundingHidesTheLastDigitsOfTheConstraints(double altitude)
    {
        var nlp = new CollocationNlp(new RawUnitsLanding(altitude), CollocationMethod.ForwardEuler, 50);

        var result = InteriorPointSolver.Solve(nlp);

        Assert.True(result.Status == NlpStatus.Optimal, $"{result.Status}: {result.Message}");
        Assert.Equal(1, result.Objective / (FuelFromOneMetre * Math.Sqrt(altitude)), 1e-6);
    }
}
