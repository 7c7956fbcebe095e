using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using OptService.Kinds;
using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Benchmarks;

internal static class NurseBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        // Usage: nurse <timeLimitSeconds> <workers> <instance.txt>...
        // Converts each file as POST /jobs/nurse-scheduling/nrp would, solves it and prints one markdown row.
        // NURSE_CPSAT_EXTRA (optional) is passed as Kinds:nurse-scheduling:ExtraSolverParameters, for tuning runs.
        if (args.Length < 4 || args[0] != "nurse")
        {
            Console.Error.WriteLine("usage: nurse <timeLimitSeconds> <workers> <instance.txt>...");
            return 2;
        }
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Kinds:nurse-scheduling:ExtraSolverParameters"] = Environment.GetEnvironmentVariable("NURSE_CPSAT_EXTRA") ?? "",
            })
            .Build();
        var kind = new NurseSchedulingKind(configuration);
        var format = kind.InputFormats.OfType<ITextProblemInputFormat>().Single(f => f.Name == "nrp");
        var query = new Dictionary<string, string> { ["timeLimitSeconds"] = args[1], ["workers"] = args[2] };
        Console.WriteLine("| Instance | Limit (s) | Workers | Outcome | Objective | Bound | Time to best (s) | Wall time (s) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var path in args.Skip(3))
        {
            var conversion = format.Convert(File.ReadAllText(path), query);
            if (conversion.Problem is null)
            {
                Console.WriteLine($"| {Path.GetFileNameWithoutExtension(path)} | conversion failed: {string.Join("; ", conversion.Errors)} |");
                continue;
            }
            var accepted = kind.Accept(conversion.Problem);
            var context = new ConsoleSolveContext();
            var clock = Stopwatch.StartNew();
            var report = await kind.SolveAsync(accepted.Utf8Json!, context);
            var wall = clock.Elapsed.TotalSeconds;
            var result = (NurseSchedulingResult)report.Result!;
            // What the remaining penalty is made of (with NURSE_LOG): requests, under- and over-cover.
            if (Environment.GetEnvironmentVariable("NURSE_LOG") is not null && result.Penalty?.ByKind is { } k)
                Console.Error.WriteLine($"penalty by kind: on requests {k.ShiftOnRequests}, off requests {k.ShiftOffRequests}, under-cover {k.UnderCover}, over-cover {k.OverCover}");
            // NURSE_RESULT_DIR (optional): the result JSON per instance, for reading the roster afterwards.
            if (Environment.GetEnvironmentVariable("NURSE_RESULT_DIR") is { Length: > 0 } dir)
                File.WriteAllText(Path.Combine(dir, Path.GetFileNameWithoutExtension(path) + ".json"), System.Text.Json.JsonSerializer.Serialize(result));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileNameWithoutExtension(path)} | {args[1]} | {args[2]} | {report.Outcome.ToString().ToLowerInvariant()} | {result.Objective} | {result.Bound} | {context.LastImprovementSeconds:F1} | {wall:F1} |"));
        }
        return 0;
    }
}

/// <summary>Keeps the time of the last improving solution from the job log lines.</summary>
internal sealed class ConsoleSolveContext : ISolveContext
{
    public Guid JobId { get; } = Guid.NewGuid();
    public CancellationToken Cancellation => CancellationToken.None;
    public WarmStart? WarmStart => null;
    public double LastImprovementSeconds { get; private set; }
    private long _best = long.MaxValue;

    private static readonly string? Verbose = Environment.GetEnvironmentVariable("NURSE_LOG");

    public void Log(JobLogLevel level, string message)
    {
        // NURSE_LOG=1 echoes the job log (info and above) to stderr, NURSE_LOG=2 with debug lines.
        if (Verbose == "2" || (Verbose == "1" && level != JobLogLevel.Debug)) Console.Error.WriteLine(message);
        // "solution 7: objective 607, bound 607, 1.23 s" or "solution 7: objective 610 (model 612), bound ..."
        if (!message.StartsWith("solution ", StringComparison.Ordinal)) return;
        var words = message.Split(' ');
        // Other kinds' lines ("solution 7: 0.012 s") carry no objective.
        if (words.Length < 4 || !long.TryParse(words[3].TrimEnd(','), CultureInfo.InvariantCulture, out var objective)) return;
        if (objective >= _best) return;
        _best = objective;
        LastImprovementSeconds = double.Parse(words[^2], CultureInfo.InvariantCulture);
    }

    public void AddArtifact(string name, string contentType, byte[] content)
    {
    }

    public void ReportIncumbent(object partialResult, double? objective)
    {
    }
}
