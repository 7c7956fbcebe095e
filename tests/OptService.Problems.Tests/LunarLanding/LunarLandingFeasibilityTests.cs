using System.Text.Json;
using System.Text.Json.Nodes;
using OptService.Kinds;
using OptService.Problems.LunarLanding;

namespace OptService.Problems.Tests.LunarLanding;

/// <summary>
/// "infeasible" only with a proof: the analytic check (<see cref="LandingFeasibility"/>) and what the kind
/// does when the solver gives up on a landing that is not proven infeasible (retry, honest verdict).
/// </summary>
public class LunarLandingFeasibilityTests
{
    private static JsonObject Seed() => JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();

    private static LunarLandingProblem Problem(JsonObject body) => body.Deserialize<LunarLandingProblem>(JobJson.Options)!;

    private static async Task<(SolveReport Report, LunarLandingResult Result, RecordingSolveContext Context)> SolveAsync(JsonObject body)
    {
        var kind = new LunarLandingKind(new LunarLandingLimits());
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        var context = new RecordingSolveContext();
        var report = await kind.SolveAsync(parsed.Utf8Json!, context);
        return (report, Assert.IsType<LunarLandingResult>(report.Result), context);
    }

    private static JsonObject Physical(string massModel, double altitude, double velocity)
    {
        var body = Seed();
        body["formulation"] = "physical";
        body["massModel"] = massModel;
        body["initialAltitude"] = altitude;
        body["initialVelocity"] = velocity;
        return body;
    }

    [Fact]
    public async Task Solve_LandsOptimally_FromThePoorStartWhereRestorationStalls()
    {
        // Trapezoidal on 5,000 intervals from the held initial state: restoration stalls (30-iteration rule) and
        // the solver says "locally infeasible"; before the check and the retry that was the job's verdict.
        var body = Seed();
        body["discretization"] = new JsonObject { ["method"] = "trapezoidal", ["intervals"] = 5000 };
        body["options"] = new JsonObject { ["initialGuess"] = "initial-state" };
        var (report, result, context) = await SolveAsync(body);
        Assert.True(report.Outcome == SolveOutcome.Optimal, $"{report.Outcome}: {report.Message}");
        Assert.Equal(4169.97, result.Fuel, 0.01);
        Assert.Contains("retry: LocallyInfeasible from the initial-state start", context.LogText, StringComparison.Ordinal);
        Assert.Contains("from the interpolated start, after the initial-state start found none", report.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("normalized-time", "constant", "the maximum thrust 24000 N does not exceed the weight of the full vehicle")]
    [InlineData("physical", "constant", "the maximum thrust 24000 N does not exceed the weight of the full vehicle")]
    public void Check_ProvesInfeasible_WhenTheEngineCannotHoldTheWeight(string formulation, string massModel, string reason)
    {
        var body = Seed();
        body["formulation"] = formulation;
        body["massModel"] = massModel;
        body["vehicle"]!["maxThrust"] = 24_000;
        var check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenInfeasible, check.Verdict);
        Assert.StartsWith(reason, check.Reason, StringComparison.Ordinal);

        // Within rounding of the weight the check claims nothing either way.
        body["vehicle"]!["maxThrust"] = 15_103 * 1.62 * (1 + 1e-12);
        Assert.Equal(LandingVerdict.Undecided, LandingFeasibility.Check(Problem(body)).Verdict);
    }

    [Fact]
    public void Check_ProvesInfeasible_WhenOnlyTheEmptyVehicleCouldHover_ButNotWithAVariableMass()
    {
        // 15,103 kg × 1.62 = 24,467 N full, 6,855 kg × 1.62 = 11,105 N empty: 20,000 N holds only a lighter vehicle.
        // The engine holds the vehicle once 2.8 t have burned: from 100 km nothing proves the landing impossible,
        // from 100 m even full thrust from the start reaches the ground before that.
        var body = Physical("variable", 100_000, 0);
        body["vehicle"]!["maxThrust"] = 20_000;
        Assert.NotEqual(LandingVerdict.ProvenInfeasible, LandingFeasibility.Check(Problem(body)).Verdict);
        body["initialAltitude"] = 100;
        Assert.Contains("reaches the ground still descending", LandingFeasibility.Check(Problem(body)).Reason, StringComparison.Ordinal);
        body["vehicle"]!["maxThrust"] = 11_000;
        var check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenInfeasible, check.Verdict);
        Assert.Contains("weight of the empty vehicle", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_MatchesTheBangBangLanding_WithAConstantMass()
    {
        // From rest at 1 m: free fall to s = 2g·h₀/(2(A + g)) = g/(F/M) m, then full thrust for √(2A·s)/A s,
        // burning F/v_e per second. The solver's optimum at 50 intervals is 13.188 kg (scaling tests).
        var body = Physical("constant", 1, 0);
        var check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenFeasible, check.Verdict);
        double m = 15_103, f = 45_050, g = 1.62, a = f / m - g, s = g / (f / m);
        var fuel = f / 3050 * Math.Sqrt(2 * a * s) / a;
        Assert.Equal(13.18, fuel, 0.01);
        Assert.Contains(FormattableString.Invariant($"needs {fuel:G6} kg of propellant"), check.Reason, StringComparison.Ordinal);

        // 1 m with 13 kg on board is short of 13.18 kg: proven infeasible, with the figure.
        body["vehicle"]!["fuelMass"] = 13;
        body["vehicle"]!["dryMass"] = 15_090;
        check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenInfeasible, check.Verdict);
        Assert.Contains("the vehicle carries 13 kg", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AgreesWithTheSolver_ForAVariableMassLandingItProvesFeasible()
    {
        // 10 km at −100 m/s, burning mass: the explicit landing uses a little more than the optimum (its burn
        // starts at the full mass), and the solver's optimum needs no more than the explicit one.
        var body = Physical("variable", 10_000, -100);
        body["discretization"] = new JsonObject { ["method"] = "hermite-simpson", ["intervals"] = 50 };
        var check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenFeasible, check.Verdict);
        var (report, result, context) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Contains("feasibility check: ProvenFeasible: free fall to", context.LogText, StringComparison.Ordinal);
        var explicitFuel = double.Parse(check.Reason.Split(" lands with ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(result.Fuel, 0.99 * explicitFuel, 1.001 * explicitFuel);
    }

    [Fact]
    public void Check_ProvesInfeasible_ByTheRocketEquation_WhenThePropellantCannotCancelTheImpactSpeed()
    {
        // From rest at 100 km the free fall hits at √(2·1.62·1e5) = 569 m/s; 100 kg of propellant on 6,855 kg
        // gives 3050·ln(6955/6855) = 44 m/s.
        var body = Physical("variable", 100_000, 0);
        body["vehicle"]!["fuelMass"] = 100;
        var check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenInfeasible, check.Verdict);
        Assert.Contains("rocket equation", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ProvesInfeasible_WhenEvenFullThrustFromTheStartHitsTheGround()
    {
        // A 1,000 kg dry mass: the empty vehicle could stop from 1520 m/s within 27 km and the rocket equation
        // allows 6.8 km/s, but the burn starts heavy (9,248 kg): full thrust from the start still hits the ground.
        var body = Physical("variable", 100_000, -1520);
        body["vehicle"]!["dryMass"] = 1000;
        var check = LandingFeasibility.Check(Problem(body));
        Assert.Equal(LandingVerdict.ProvenInfeasible, check.Verdict);
        Assert.StartsWith("even full thrust from the start, the hardest braking possible, reaches the ground still descending", check.Reason, StringComparison.Ordinal);

        // From 400 km the same vehicle can land.
        body["initialAltitude"] = 400_000;
        Assert.Equal(LandingVerdict.ProvenFeasible, LandingFeasibility.Check(Problem(body)).Verdict);
    }

    [Fact]
    public async Task Solve_NeverCallsAFeasibleLandingInfeasible_WhenTheSolverGivesUp()
    {
        // A proven-feasible landing that the solver cannot finish in 3 iterations from the poor start: the
        // verdict is the iteration limit, and the message says the landing is feasible.
        var body = Seed();
        body["discretization"] = new JsonObject { ["method"] = "trapezoidal", ["intervals"] = 200 };
        body["options"] = new JsonObject { ["initialGuess"] = "initial-state", ["maxIterations"] = 3 };
        var (report, _, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.IterationLimit, report.Outcome);
        Assert.Contains("but the landing is feasible (the thrust-to-weight ratio", report.Message, StringComparison.Ordinal);
    }
}
