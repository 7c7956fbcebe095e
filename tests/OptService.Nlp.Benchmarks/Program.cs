using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using OptService.Kinds;
using OptService.Problems.LunarLanding;

// Usage: dotnet run -c Release --project tests/OptService.Nlp.Benchmarks [-- --quick | --single METHOD INTERVALS RUNS]
// Prints markdown tables: solve time vs intervals (median after warm-up) and fuel / T vs intervals per method.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var kind = new LunarLandingKind(new LunarLandingLimits());
var seedPath = FindSeed();
var seed = JsonNode.Parse(File.ReadAllText(seedPath))!.AsObject();

(LunarLandingResult Result, SolveReport Report, double WallSeconds, double CpuSeconds) Run(string method, int intervals, string guess = "interpolated")
{
    var body = (JsonObject)seed.DeepClone();
    body["discretization"] = new JsonObject { ["method"] = method, ["intervals"] = intervals };
    body["options"] = new JsonObject { ["initialGuess"] = guess };
    var parsed = kind.Parse(System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()));
    if (!parsed.IsValid) throw new InvalidOperationException(string.Join("; ", parsed.Errors));
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    var report = kind.SolveAsync(parsed.Utf8Json!, new SilentContext()).GetAwaiter().GetResult();
    var wall = clock.Elapsed.TotalSeconds;
    process.Refresh();
    return ((LunarLandingResult)report.Result!, report, wall, (process.TotalProcessorTime - cpu).TotalSeconds);
}

static double Median(List<double> values)
{
    values.Sort();
    return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
}

// --single METHOD INTERVALS RUNS: only that size, one line per run (for side-by-side comparisons of two builds).
var single = Array.IndexOf(args, "--single");
if (single >= 0)
{
    var method = args[single + 1];
    var size = int.Parse(args[single + 2], CultureInfo.InvariantCulture);
    var count = int.Parse(args[single + 3], CultureInfo.InvariantCulture);
    Run(method, 50);
    for (var r = 0; r < count; r++)
    {
        var (result, report, seconds, cpuSeconds) = Run(method, size);
        Console.WriteLine($"{method} {size} load {LoadAverage()} {report.Outcome} iterations {result.Iterations} fuel {result.Fuel:R} T {result.FinalTime:R} solver_ms {result.SolveSeconds * 1000:F1} evaluation_ms {result.EvaluationSeconds * 1000:F1} linear_ms {result.LinearAlgebraSeconds * 1000:F1} job_wall_ms {seconds * 1000:F1} job_cpu_ms {cpuSeconds * 1000:F1}");
    }
    return;
}

Console.WriteLine($"# Lunar-landing benchmark ({Environment.ProcessorCount} cores, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average at start {LoadAverage()})");
Console.WriteLine();
for (var i = 0; i < 5; i++) Run("forward-euler", 50);

Console.WriteLine("## Solve time, normalized-time formulation, forward Euler (the reference transcription)");
Console.WriteLine();
Console.WriteLine("| intervals | variables | constraints | status | iterations | fuel [kg] | T [s] | solver median [ms] | solver best [ms] | per iteration [ms] | evaluation [ms] | linear algebra [ms] | whole job, CPU [ms] | whole job incl. CSV/SVG [ms] | runs |");
Console.WriteLine("|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var intervals in quick ? new[] { 50, 500, 5000 } : new[] { 50, 500, 5000, 50000 })
{
    var runs = intervals <= 500 ? 21 : intervals <= 5000 ? 7 : 3;
    var solver = new List<double>();
    var wall = new List<double>();
    var evaluation = new List<double>();
    var linear = new List<double>();
    var cpu = new List<double>();
    LunarLandingResult last = null!;
    SolveReport report = null!;
    for (var r = 0; r < runs; r++)
    {
        (last, report, var seconds, var cpuSeconds) = Run("forward-euler", intervals);
        cpu.Add(cpuSeconds * 1000);
        solver.Add(last.SolveSeconds * 1000);
        evaluation.Add(last.EvaluationSeconds * 1000);
        linear.Add(last.LinearAlgebraSeconds * 1000);
        wall.Add(seconds * 1000);
    }
    var median = Median(solver);
    Console.WriteLine($"| {intervals} | {last.Variables} | {last.EqualityConstraints + last.InequalityConstraints} | {report.Outcome} | {last.Iterations} | {last.Fuel:F10} | {last.FinalTime:F6} | {median:F2} | {solver.Min():F2} | {median / Math.Max(1, last.Iterations):F3} | {Median(evaluation):F2} | {Median(linear):F2} | {Median(cpu):F2} | {Median(wall):F2} | {runs} |");
}

Console.WriteLine();
Console.WriteLine("## Convergence: fuel [kg] and T [s] vs intervals for each method (normalized-time formulation)");
Console.WriteLine();
Console.WriteLine("| intervals | forward-euler fuel | T | trapezoidal fuel | T | hermite-simpson fuel | T |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
foreach (var intervals in quick ? new[] { 10, 50, 500 } : new[] { 10, 20, 50, 100, 200, 500, 1000, 5000, 50000 })
{
    var cells = new List<string>();
    foreach (var method in new[] { "forward-euler", "trapezoidal", "hermite-simpson" })
    {
        var (result, report, _, _) = Run(method, intervals);
        var mark = report.Outcome == SolveOutcome.Optimal ? "" : $" ({report.Outcome})";
        cells.Add($"{result.Fuel:F6}{mark} | {result.FinalTime:F4}");
    }
    Console.WriteLine($"| {intervals} | {string.Join(" | ", cells)} |");
}

Console.WriteLine();
Console.WriteLine("## Robustness: the deliberately poor start (initial state held, zero thrust)");
Console.WriteLine();
Console.WriteLine("| method | intervals | status | iterations | fuel [kg] | solver [ms] |");
Console.WriteLine("|---|---:|---|---:|---:|---:|");
foreach (var method in new[] { "forward-euler", "trapezoidal", "hermite-simpson" })
    foreach (var intervals in quick ? new[] { 50 } : new[] { 50, 5000 })
    {
        var (result, report, _, _) = Run(method, intervals, "initial-state");
        Console.WriteLine($"| {method} | {intervals} | {report.Outcome} | {result.Iterations} | {result.Fuel:F6} | {result.SolveSeconds * 1000:F1} |");
    }

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static string FindSeed()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "seed", "lunar-seed.json");
        if (File.Exists(candidate)) return candidate;
    }
    throw new FileNotFoundException("shared/fixtures/seed/lunar-seed.json not found above " + AppContext.BaseDirectory);
}

/// <summary>Discards log lines and artifacts.</summary>
internal sealed class SilentContext : ISolveContext
{
    public Guid JobId { get; } = Guid.NewGuid();
    public CancellationToken Cancellation => CancellationToken.None;
    public WarmStart? WarmStart => null;
    public void Log(JobLogLevel level, string message) { }
    public void AddArtifact(string name, string contentType, byte[] content) { }
    public void ReportIncumbent(object partialResult, double? objective) { }
}
