using System.Text.Json.Nodes;
using OptService.Kinds;
using OptService.Problems.LunarLanding;

namespace OptService.Problems.Tests.LunarLanding;

/// <summary>
/// Issue 8: inputs across the whole accepted range [1e-6, 1e9] get the right verdict. The oracle is the
/// scaling law of a landing from rest: altitude × λ and time × √λ map one trajectory onto another
/// (h(t) → λ·h(t/√λ) keeps the accelerations), so the minimum fuel and the final time scale by √λ.
/// </summary>
public class LunarLandingScalingTests
{
    /// <summary>Every decade of the accepted altitude range.</summary>
    private static readonly double[] Altitudes = [.. Enumerable.Range(-6, 16).Select(k => Math.Pow(10, k))];

    private static JsonObject Seed() => JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();

    /// <summary>
    /// The seed vehicle with a 100× faster exhaust: the same accelerations, but 1/100 of the propellant
    /// flow, so that the 8248 kg on board last for a landing from rest at 1e9 m (4170 kg) and the
    /// physical formulation's propellant limit does not break the scaling law.
    /// </summary>
    private static JsonObject FromRest(string formulation, string method, double altitude)
    {
        var body = Seed();
        body["vehicle"]!["exhaustVelocity"] = 305_000;
        body["vehicle"]!["maxThrust"] = 45_050;
        body["formulation"] = formulation;
        body["initialAltitude"] = altitude;
        body["initialVelocity"] = 0;
        body["discretization"] = new JsonObject { ["method"] = method, ["intervals"] = 50 };
        return body;
    }

    private static async Task<(SolveReport Report, LunarLandingResult Result)> SolveAsync(JsonObject body)
    {
        var kind = new LunarLandingKind(new LunarLandingLimits());
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        var report = await kind.SolveAsync(parsed.Utf8Json!, new RecordingSolveContext());
        return (report, Assert.IsType<LunarLandingResult>(report.Result));
    }

    [Theory]
    [InlineData("normalized-time", "forward-euler")]
    [InlineData("normalized-time", "trapezoidal")]
    [InlineData("normalized-time", "hermite-simpson")]
    [InlineData("physical", "forward-euler")]
    [InlineData("physical", "trapezoidal")]
    [InlineData("physical", "hermite-simpson")]
    public async Task Solve_FollowsTheScalingLaw_FromRestAtEveryDecadeOfAltitude(string formulation, string method)
    {
        var (_, unit) = await SolveAsync(FromRest(formulation, method, 1));
        Assert.Equal(SolveOutcome.Optimal, unit.Outcome);
        Assert.InRange(unit.Fuel, 0.1, 0.2); // 13.19 kg with the seed's exhaust velocity, / 100

        foreach (var altitude in Altitudes)
        {
            var (report, result) = await SolveAsync(FromRest(formulation, method, altitude));
            var scale = Math.Sqrt(altitude);
            Assert.True(report.Outcome == SolveOutcome.Optimal, $"{altitude:G} m: {report.Outcome} ({report.Message})");
            Assert.Equal(1, result.Fuel / (scale * unit.Fuel), 1e-6);
            Assert.Equal(1, result.FinalTime / (scale * unit.FinalTime), 1e-6);
            Assert.Equal(altitude, result.Trajectory[0].Altitude, altitude * 1e-9);
            Assert.Equal(0, result.Trajectory[^1].Altitude, altitude * 1e-6);
            Assert.Equal(0, result.Trajectory[^1].Velocity, scale * 1e-6);
        }
    }

    [Theory]
    [InlineData("normalized-time")]
    [InlineData("physical")]
    public async Task Solve_LandsFromAMillionKilometresUp_AtTheSeedsVelocity(string formulation)
    {
        var body = FromRest(formulation, "forward-euler", 1e9);
        body["initialVelocity"] = -1520;
        var (report, result) = await SolveAsync(body);
        var (_, fromRest) = await SolveAsync(FromRest(formulation, "forward-euler", 1e9));

        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        // 1520 m/s down (or 1520 m per unit of normalized time) is a head start at this height, small
        // against the ~57 km/s of the fall: a little less time, about the same fuel, and a soft landing.
        Assert.InRange(result.FinalTime, 0.95 * fromRest.FinalTime, fromRest.FinalTime);
        Assert.Equal(1, result.Fuel / fromRest.Fuel, 0.01);
        Assert.Equal(0, result.Trajectory[^1].Altitude, 1e-3);
        Assert.Equal(0, result.Trajectory[^1].Velocity, 1e-3);
    }

    [Fact]
    public async Task Solve_MatchesTheIssuesFigures_ForTheSeedVehicleFromRest()
    {
        foreach (var (altitude, fuel) in new[] { (1e-6, 0.013188), (1e-4, 0.13188), (0.01, 1.3188), (1.0, 13.188), (100.0, 131.88), (1e9, 417035.9) })
        {
            var body = Seed();
            body["initialAltitude"] = altitude;
            body["initialVelocity"] = 0;
            var (report, result) = await SolveAsync(body);
            Assert.True(report.Outcome == SolveOutcome.Optimal, $"{altitude:G} m: {report.Outcome} ({report.Message})");
            Assert.Equal(fuel, result.Fuel, fuel * 1e-4);
        }
    }

    [Theory]
    [InlineData("normalized-time", 1e-6)]
    [InlineData("normalized-time", 1)]
    [InlineData("normalized-time", 1e9)]
    [InlineData("physical", 1e-6)]
    [InlineData("physical", 1e9)]
    public async Task Solve_ReturnsInfeasible_WhenTheEngineCannotHoldTheWeight(string formulation, double altitude)
    {
        // 24,000 N against 15,103 kg × 1.62 m/s² = 24,467 N of weight: no deceleration is possible.
        var body = FromRest(formulation, "trapezoidal", altitude);
        body["vehicle"]!["maxThrust"] = 24_000;
        var (report, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Null(report.Objective);
        Assert.StartsWith("no soft landing exists: the maximum thrust 24000 N does not exceed the weight", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenThePropellantRunsOutHighUp()
    {
        // The seed vehicle from rest at 1e9 m needs 417 t of propellant (the scaling law); it carries 8.2 t.
        var body = Seed();
        body["formulation"] = "physical";
        body["initialAltitude"] = 1e9;
        body["initialVelocity"] = 0;
        var (report, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("kg of propellant, the vehicle carries 8248 kg", report.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_ReturnsInfeasible_WhenTooFastToStopAboveTheGround()
    {
        // 1520 m/s down at 1 µm with 1.36 m/s² of net deceleration: about 850 km of braking needed.
        var body = FromRest("physical", "hermite-simpson", 1e-6);
        body["initialVelocity"] = -1520;
        var (report, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Contains("descending at 1520 m/s", report.Message, StringComparison.Ordinal);
        Assert.Contains("more than the altitude 1E-06 m", report.Message, StringComparison.Ordinal);
    }
}
