using System.Text.Json;
using System.Text.Json.Nodes;
using OptService.Kinds;
using OptService.Problems.LunarLanding;

namespace OptService.Problems.Tests.LunarLanding;

/// <summary>An earlier trajectory as the interior-point start (<c>?warmStartFrom=</c>): the interpolation, and the solve from it.</summary>
public class TrajectoryWarmStartTests
{
    private static readonly TrajectoryPoint[] ThreePoints =
    [
        new(0, 1000, -10, 2, 0, 100),
        new(5, 600, -6, 4, 0, 90),
        new(10, 0, 0, 0, 0, 80),
    ];

    [Fact]
    public void At_IsLinearInNormalizedTime_AndIntegratesTheFuel()
    {
        var trajectory = EarlierTrajectory.From(ThreePoints)!;
        Assert.Equal(10, trajectory.FinalTime);
        Assert.Equal(3, trajectory.NodeCount);

        var node = trajectory.At(0.5);
        Assert.Equal(600, node.Altitude, 12);
        Assert.Equal(15, node.FuelUsed, 12); // (2 + 4) / 2 × 5 s

        var quarter = trajectory.At(0.25); // halfway between t = 0 and t = 5
        Assert.Equal(800, quarter.Altitude, 12);
        Assert.Equal(-8, quarter.Velocity, 12);
        Assert.Equal(3, quarter.MassFlow, 12);
        Assert.Equal(7.5, quarter.FuelUsed, 12);

        var threeQuarters = trajectory.At(0.75);
        Assert.Equal(300, threeQuarters.Altitude, 12);
        Assert.Equal(2, threeQuarters.MassFlow, 12);
        Assert.Equal(15 + 10, trajectory.At(1).FuelUsed, 12); // + (4 + 0) / 2 × 5 s

        // Outside [0, 1] the ends hold.
        Assert.Equal(1000, trajectory.At(-0.5).Altitude, 12);
        Assert.Equal(0, trajectory.At(1.5).Altitude, 12);
    }

    [Fact]
    public void From_RefusesWhatCannotBeAStart()
    {
        Assert.Null(EarlierTrajectory.From([ThreePoints[0]]));
        Assert.Null(EarlierTrajectory.From([ThreePoints[0], ThreePoints[0]])); // final time 0
        Assert.Null(EarlierTrajectory.From([ThreePoints[0], ThreePoints[2], ThreePoints[1]])); // time goes back
        Assert.Null(EarlierTrajectory.From([ThreePoints[0], ThreePoints[1] with { Altitude = double.NaN }, ThreePoints[2]]));
    }

    private static async Task<(LunarLandingResult Result, RecordingSolveContext Context)> SolveAsync(int intervals, string method, WarmStart? warmStart = null)
    {
        var body = JsonNode.Parse(SharedFixtures.Read("seed", "lunar-seed.json"))!.AsObject();
        body["discretization"] = new JsonObject { ["method"] = method, ["intervals"] = intervals };
        var kind = new LunarLandingKind(new LunarLandingLimits());
        var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        var context = new RecordingSolveContext { WarmStart = warmStart };
        var report = await kind.SolveAsync(parsed.Utf8Json!, context);
        Assert.True(report.Outcome == SolveOutcome.Optimal, $"{intervals} {method}: {report.Outcome}: {report.Message}");
        return (Assert.IsType<LunarLandingResult>(report.Result), context);
    }

    [Theory]
    [InlineData("forward-euler")]
    [InlineData("hermite-simpson")]
    public async Task Solve_From500IntervalTrajectory_ReachesTheColdOptimumOn5000(string method)
    {
        var (coarse, _) = await SolveAsync(500, method);
        var warmStart = new WarmStart(Guid.NewGuid(), JsonSerializer.Serialize(coarse, JobJson.Options));

        var (cold, _) = await SolveAsync(5000, method);
        var (warm, context) = await SolveAsync(5000, method, warmStart);

        Console.WriteLine($"{method} 5000: cold {cold.Iterations} iterations {cold.SolveSeconds:F2} s, warm from 500 {warm.Iterations} iterations {warm.SolveSeconds:F2} s");
        Assert.Equal(cold.Fuel, warm.Fuel, cold.Fuel * 1e-7);
        Assert.Equal(cold.FinalTime, warm.FinalTime, cold.FinalTime * 1e-5);
        var nodes = method == "hermite-simpson" ? 10001 : 5001;
        Assert.Contains($"warm start: the trajectory of job {warmStart.JobId} ({coarse.Trajectory.Count} nodes", context.LogText, StringComparison.Ordinal);
        Assert.Contains($"is the start on {nodes} nodes, interpolated linearly in normalized time", context.LogText, StringComparison.Ordinal);
        Assert.Contains("from the warm start", context.LogText, StringComparison.Ordinal);
        Assert.Contains("warm start: initial barrier 0.0001, bound push 0.0001", context.LogText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solve_FromTheSameGridsOptimum_TakesFewerIterationsThanCold_AndSaysNoInterpolation()
    {
        var (first, _) = await SolveAsync(500, "trapezoidal");
        var warmStart = new WarmStart(Guid.NewGuid(), JsonSerializer.Serialize(first, JobJson.Options));
        var (again, context) = await SolveAsync(500, "trapezoidal", warmStart);

        Assert.Equal(first.Fuel, again.Fuel, first.Fuel * 1e-7);
        Assert.DoesNotContain("interpolated linearly", context.LogText, StringComparison.Ordinal);
        // Iterations, not time: the count does not depend on the machine's load.
        Assert.True(again.Iterations < first.Iterations, $"cold {first.Iterations} iterations, warm from its own optimum {again.Iterations}");
    }
}
