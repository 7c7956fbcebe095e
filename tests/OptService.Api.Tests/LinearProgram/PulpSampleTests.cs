using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.LinearProgram;

/// <summary>
/// <c>samples/pulp/american_steel.py</c> end to end: Debian's Python with python3-pulp (tests/run.sh installs
/// it) runs the sample against the real service process on 127.0.0.1, which needs an API key. The printed
/// report must be American Steel's optimum: 15005, with flows that are whole, within their arcs' bounds,
/// conserve steel at every node and cost exactly the printed objective.
/// </summary>
public sealed partial class PulpSampleTests : IAsyncLifetime
{
    private const string ApiKey = "pulp-sample-key-0123456789";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-tests", Guid.NewGuid().ToString("N"));
    private ServiceProcess? _service;

    public async Task InitializeAsync() =>
        _service = await ServiceProcess.StartAsync(new Dictionary<string, string>
        {
            ["Jobs:DataDirectory"] = _dataDirectory,
            ["Jobs:WorkerCount"] = "1",
            ["Auth:ApiKeys:0:Name"] = "pulp",
            ["Auth:ApiKeys:0:Key"] = ApiKey,
        });

    public async Task DisposeAsync()
    {
        if (_service is not null) await _service.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }

    [Theory]
    [InlineData("mps", "auto")]
    [InlineData("lp", "cbc")]
    public async Task Sample_PrintsTheOptimum15005_AndFlowsThatBalance(string format, string solver)
    {
        var run = await RunSampleAsync("--url", $"http://127.0.0.1:{_service!.Port}", "--api-key", ApiKey, "--format", format, "--solver", solver);
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\nstdout:\n{run.Output}\nstderr:\n{run.Errors}");
        Assert.Contains("Status: Optimal", run.Output);
        var objective = double.Parse(ObjectiveLine().Match(run.Output).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(15005, objective, 1e-6);

        var flows = FlowLine().Matches(run.Output).ToDictionary(m => (m.Groups[1].Value, m.Groups[2].Value), m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        Assert.Equal(AmericanSteel.Arcs.Count, flows.Count);
        var cost = 0.0;
        foreach (var (arc, (unitCost, min, max)) in AmericanSteel.Arcs)
        {
            var flow = flows[arc];
            Assert.Equal(Math.Round(flow), flow);
            Assert.InRange(flow, min, max);
            cost += unitCost * flow;
        }
        Assert.Equal(objective, cost, 1e-6);
        foreach (var (node, (supply, demand)) in AmericanSteel.Nodes)
        {
            var inflow = flows.Where(f => f.Key.Item2 == node).Sum(f => f.Value);
            var outflow = flows.Where(f => f.Key.Item1 == node).Sum(f => f.Value);
            Assert.True(supply + inflow >= demand + outflow - 1e-9, $"{node}: supply {supply} + in {inflow} < demand {demand} + out {outflow}");
        }
    }

    [Fact]
    public async Task Sample_WithoutTheApiKey_ExitsNonZero_AndSays401()
    {
        var run = await RunSampleAsync("--url", $"http://127.0.0.1:{_service!.Port}");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("HTTP 401", run.Errors);
        Assert.DoesNotContain("Total Cost", run.Output);
    }

    private sealed record SampleRun(int ExitCode, string Output, string Errors);

    private static async Task<SampleRun> RunSampleAsync(params string[] arguments)
    {
        // Debian's interpreter: python3-pulp installs into its dist-packages (a pyenv or venv python3 on PATH would not see it).
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = Path.Combine(RepositoryRoot(), "samples", "pulp", "american_steel.py");
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(script);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment.Remove("OPTSERVICE_API_KEY");
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the sample ran over 120 s: {await errors}");
        }
        var run = new SampleRun(process.ExitCode, await output, await errors);
        if (run.Errors.Contains("No module named 'pulp'", StringComparison.Ordinal))
            throw new InvalidOperationException($"{python} has no pulp module: apt-get install -y python3-pulp (tests/run.sh does).");
        return run;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "samples", "pulp", "american_steel.py"))) return dir.FullName;
        throw new DirectoryNotFoundException("samples/pulp/american_steel.py not found above " + AppContext.BaseDirectory);
    }

    // Total Cost of Transportation =  15005.0
    [GeneratedRegex(@"^Total Cost of Transportation =\s+(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex ObjectiveLine();

    // Route_('Kansas_City',_'Houston') = 4000.0  (PuLP's name: spaces became _)
    [GeneratedRegex(@"^Route_\('([^']+)',_'([^']+)'\) = (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex FlowLine();

    /// <summary>The data of samples/american-steel.json, with node names as PuLP prints them.</summary>
    private static class AmericanSteel
    {
        public static readonly Dictionary<string, (double Supply, double Demand)> Nodes = new()
        {
            ["Youngstown"] = (10000, 0), ["Pittsburgh"] = (15000, 0), ["Cincinnati"] = (0, 0), ["Kansas_City"] = (0, 0),
            ["Chicago"] = (0, 0), ["Albany"] = (0, 3000), ["Houston"] = (0, 7000), ["Tempe"] = (0, 4000), ["Gary"] = (0, 6000),
        };

        public static readonly Dictionary<(string, string), (double Cost, double Min, double Max)> Arcs = new()
        {
            [("Youngstown", "Albany")] = (0.5, 0, 1000),
            [("Youngstown", "Cincinnati")] = (0.35, 0, 3000),
            [("Youngstown", "Kansas_City")] = (0.45, 1000, 5000),
            [("Youngstown", "Chicago")] = (0.375, 0, 5000),
            [("Pittsburgh", "Cincinnati")] = (0.35, 0, 2000),
            [("Pittsburgh", "Kansas_City")] = (0.45, 2000, 3000),
            [("Pittsburgh", "Chicago")] = (0.4, 0, 4000),
            [("Pittsburgh", "Gary")] = (0.45, 0, 2000),
            [("Cincinnati", "Albany")] = (0.35, 1000, 5000),
            [("Cincinnati", "Houston")] = (0.55, 0, 6000),
            [("Kansas_City", "Houston")] = (0.375, 0, 4000),
            [("Kansas_City", "Tempe")] = (0.65, 0, 4000),
            [("Chicago", "Tempe")] = (0.6, 0, 2000),
            [("Chicago", "Gary")] = (0.12, 0, 4000),
        };
    }
}
