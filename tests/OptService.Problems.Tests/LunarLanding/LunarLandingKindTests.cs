using System.Text.Json;
using System.Text.Json.Nodes;
using OptService.Kinds;
using OptService.Problems.LunarLanding;

namespace OptService.Problems.Tests.LunarLanding;

public class LunarLandingKindTests
{
    private const double ReferenceFuel = 4170.2822027548;

    private static JsonObject Seed() => JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();

    private static async Task<(SolveReport Report, LunarLandingResult Result, RecordingSolveContext Context)> SolveAsync(JsonObject body)
    {
        var kind = new LunarLandingKind(new LunarLandingLimits());
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        var context = new RecordingSolveContext();
        var report = await kind.SolveAsync(parsed.Utf8Json!, context);
        return (report, Assert.IsType<LunarLandingResult>(report.Result), context);
    }

    private static IReadOnlyList<FieldError> Errors(JsonObject body, int? maxIntervals = null) =>
        new LunarLandingKind(maxIntervals is { } max ? new LunarLandingLimits { MaxIntervals = max } : new LunarLandingLimits()).Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString())).Errors;

    [Fact]
    public async Task Solve_ReproducesThePublishedReference_ForTheSeed()
    {
        var (report, result, _) = await SolveAsync(Seed());
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(ReferenceFuel, result.Fuel, ReferenceFuel * 1e-6);
        Assert.Equal(ReferenceFuel, report.Objective!.Value, ReferenceFuel * 1e-6);
        Assert.Equal(518.05, result.FinalTime, 0.01);
        Assert.Equal(201, result.Variables);
        Assert.Equal(151, result.EqualityConstraints);
        Assert.Equal(0, result.InequalityConstraints);
        Assert.True(result.ConstraintViolation < 1e-6, $"violation {result.ConstraintViolation}");
    }

    [Fact]
    public async Task Solve_ReturnsATrajectoryThatLandsSoftly_WithArtifactsAndIterationLog()
    {
        var (_, result, context) = await SolveAsync(Seed());
        Assert.Equal(51, result.Trajectory.Count);
        var first = result.Trajectory[0];
        var last = result.Trajectory[^1];
        Assert.Equal(0, first.Time);
        Assert.Equal(100000, first.Altitude, 1e-6);
        Assert.Equal(-1520 / result.FinalTime, first.Velocity, 1e-9);
        Assert.Equal(result.FinalTime, last.Time, 1e-9);
        Assert.Equal(0, last.Altitude, 1e-6);
        Assert.Equal(0, last.Velocity, 1e-9);
        var uMax = 45050.0 / 3050;
        Assert.All(result.Trajectory, p =>
        {
            Assert.InRange(p.MassFlow, -1e-6, uMax + 1e-6);
            Assert.Equal(3050 * p.MassFlow, p.Thrust, 1e-6);
            Assert.Equal(15103, p.Mass);
        });

        Assert.True(context.Artifacts.TryGetValue("trajectory.csv", out var csv));
        Assert.Equal("text/csv", csv.ContentType);
        Assert.Equal(52, System.Text.Encoding.UTF8.GetString(csv.Content).Trim().Split('\n').Length);
        Assert.True(context.Artifacts.TryGetValue("trajectory.svg", out var svg));
        Assert.Contains("<polyline", System.Text.Encoding.UTF8.GetString(svg.Content), StringComparison.Ordinal);
        // One log line per iteration (0 … n) plus the header and the summary.
        var iterationLines = context.Lines.Count(line => line.Message.Length > 5 && char.IsDigit(line.Message[3]));
        Assert.Equal(result.Iterations + 1, iterationLines);
        Assert.Contains("linear algebra", context.LogText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("variable")]
    [InlineData("constant")]
    public async Task Solve_ReturnsInfeasibleWithReason_ForTheSeedInPhysicalUnits(string massModel)
    {
        var body = Seed();
        body["formulation"] = "physical";
        body["massModel"] = massModel;
        var (report, result, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Infeasible, report.Outcome);
        Assert.Null(report.Objective);
        Assert.Contains("local infeasibility", report.Message, StringComparison.Ordinal);
        // The violation is in the reference units of the scaled model (length about 713 km here).
        Assert.True(result.ConstraintViolation > 1e-3, $"violation {result.ConstraintViolation}");
    }

    [Fact]
    public async Task Solve_FindsAFeasibleLanding_InPhysicalUnitsWhenReachable()
    {
        var body = Seed();
        body["formulation"] = "physical";
        body["massModel"] = "variable";
        body["initialAltitude"] = 10000;
        body["initialVelocity"] = -100;
        body["discretization"] = new JsonObject { ["method"] = "hermite-simpson", ["intervals"] = 50 };
        var (report, result, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.InRange(result.Fuel, 1000, 8248);
        var last = result.Trajectory[^1];
        Assert.Equal(0, last.Altitude, 1e-6);
        Assert.Equal(0, last.Velocity, 1e-6);
        Assert.Equal(6855 + 8248 - result.Fuel, last.Mass, 1e-3);
    }

    [Theory]
    [InlineData("trapezoidal")]
    [InlineData("hermite-simpson")]
    public async Task Solve_ConvergesFromAPoorStart_WithEveryMethod(string method)
    {
        var body = Seed();
        body["discretization"] = new JsonObject { ["method"] = method, ["intervals"] = 200 };
        body["options"] = new JsonObject { ["initialGuess"] = "initial-state" };
        var (report, result, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.Optimal, report.Outcome);
        Assert.Equal(ReferenceFuel, result.Fuel, 2.0);
    }

    [Fact]
    public async Task Solve_ReportsIterationLimit_WhenStoppedEarly()
    {
        var body = Seed();
        body["options"] = new JsonObject { ["maxIterations"] = 2 };
        var (report, result, _) = await SolveAsync(body);
        Assert.Equal(SolveOutcome.IterationLimit, report.Outcome);
        Assert.Equal(2, result.Iterations);
    }

    [Fact]
    public async Task Solve_ReturnsNotSolvedPromptly_WhenCancelledBeforeAFeasiblePoint()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var kind = new LunarLandingKind(new LunarLandingLimits());
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(Seed().ToJsonString()));
        var report = await kind.SolveAsync(parsed.Utf8Json!, new RecordingSolveContext(cancelled.Token));
        Assert.Equal(SolveOutcome.NotSolved, report.Outcome);
        Assert.Equal(0, Assert.IsType<LunarLandingResult>(report.Result).Iterations);
    }

    [Fact]
    public void Validate_NamesEveryBadField()
    {
        var body = Seed();
        body["vehicle"] = new JsonObject { ["dryMass"] = 0, ["fuelMass"] = -1, ["exhaustVelocity"] = 0, ["maxThrust"] = -5 };
        body["gravity"] = 0;
        body["initialAltitude"] = -3;
        body["discretization"] = new JsonObject { ["method"] = "trapezoidal", ["intervals"] = 0 };
        var paths = Errors(body).Select(e => e.Path).ToHashSet();
        string[] expected = ["$.vehicle.dryMass", "$.vehicle.fuelMass", "$.vehicle.exhaustVelocity", "$.vehicle.maxThrust", "$.gravity", "$.initialAltitude", "$.discretization.intervals"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), paths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("vehicle.dryMass", 1e308)]
    [InlineData("vehicle.fuelMass", 1e-300)]
    [InlineData("vehicle.exhaustVelocity", 2e9)]
    [InlineData("vehicle.maxThrust", 1e10)]
    [InlineData("initialAltitude", 1e308)]
    [InlineData("initialVelocity", -1e154)]
    [InlineData("gravity", 1e308)]
    [InlineData("options.timeLimitSeconds", 1e308)]
    public void Validate_RejectsMagnitudesThatWouldOverflowTheSolve_NamingTheField(string field, double value)
    {
        var body = Seed();
        var (parent, name) = field.Split('.') is [var p, var n] ? (body[p] as JsonObject ?? (JsonObject)(body[p] = new JsonObject()), n) : (body, field);
        parent[name] = value;

        var error = Assert.Single(Errors(body));

        Assert.Equal("$." + field, error.Path);
    }

    [Fact]
    public void Validate_AcceptsTheEdgesOfTheRanges()
    {
        var body = Seed();
        body["vehicle"] = new JsonObject { ["dryMass"] = 1e-6, ["fuelMass"] = 1e9, ["exhaustVelocity"] = 1e9, ["maxThrust"] = 1e-6 };
        body["initialVelocity"] = -1e9;
        body["options"] = new JsonObject { ["timeLimitSeconds"] = 86_400 };

        Assert.Empty(Errors(body));
    }

    [Fact]
    public void Validate_RejectsNullOptions_ThatWouldFailTheSolve()
    {
        var body = Seed();
        body["options"] = null;

        Assert.Equal("$.options", Assert.Single(Errors(body)).Path);
    }

    [Fact]
    public void Validate_RejectsMoreIntervalsThanConfigured()
    {
        var body = Seed();
        body["discretization"] = new JsonObject { ["method"] = "forward-euler", ["intervals"] = 1001 };
        var error = Assert.Single(Errors(body, maxIntervals: 1000));
        Assert.Equal("$.discretization.intervals", error.Path);
        Assert.Contains("1000", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("discretization", "method", "runge-kutta", "$.discretization.method")]
    [InlineData(null, "formulation", "relativistic", "$.formulation")]
    [InlineData(null, "massModel", "heavy", "$.massModel")]
    public void Parse_RejectsUnknownEnumValues_NamingTheField(string? parent, string field, string value, string path)
    {
        var body = Seed();
        var target = parent is null ? body : body[parent]!.AsObject();
        target[field] = value;
        var error = Assert.Single(Errors(body));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public void Parse_RejectsUnknownFields()
    {
        var body = Seed();
        body["vehicle"]!.AsObject()["dryMas"] = 1;
        Assert.Single(Errors(body));
    }

    [Fact]
    public void Parse_AcceptsTheSeedAndTheExample()
    {
        Assert.Empty(Errors(Seed()));
        var kind = new LunarLandingKind(new LunarLandingLimits());
        var example = JsonSerializer.SerializeToUtf8Bytes(kind.Example, JobJson.Options);
        Assert.True(kind.Parse(example).IsValid);
        Assert.Equal("lunar-landing", kind.Name);
    }
}
