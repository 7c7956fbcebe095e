using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Benchmarks;

internal static class LinearProgramParseBenchmark
{
    public static int Run(string[] args)
    {
        // Times what POST /api/v1/jobs/linear-program does with a body before anything is queued: parse and
        // validate the JSON model (LinearProgramKind.Parse on the UTF-8 bytes). The model: V variables x0…, C
        // constraints c0… of T distinct random terms each (Random(1)), an objective over every variable; the
        // default 100,000 × 100,000 × 10 is 10⁶ constraint nonzeros (+ 10⁵ in the objective), about 20 MB.
        //
        // Prints wall and CPU time (this process, GC threads included) per run after one warm-up, and the
        // medians; --split also times reading alone (LinearProgramJsonReader, no validation and no copy of the body) and
        // a bare token pass over the body (the floor), to show where the time goes.
        //
        // Usage: dotnet run -c Release --project tests/OptService.Problems.Benchmarks -- lp-parse [--variables V] [--constraints C] [--terms T] [--runs N] [--split] [--write FILE]
        // (--write FILE: only write the model's JSON to FILE).
        int variables = 100_000, constraints = 100_000, terms = 10, runs = 7;
        var split = false;
        string? write = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--variables": variables = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--constraints": constraints = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--terms": terms = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--split": split = true; break;
                case "--write": write = args[++i]; break;
                default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
            }
        }
        var body = Generate(variables, constraints, terms);
        if (write is not null)
        {
            // The same model for a submission over HTTP (benchmarks/lp-parse-http.sh).
            File.WriteAllBytes(write, body);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {body.Length} bytes to {write}"));
            return 0;
        }
        var limits = new LinearProgramLimits();
        var kind = new LinearProgramKind(limits);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {variables} variables, {constraints} constraints × {terms} terms = {(long)constraints * terms} nonzeros (+{variables} objective), {body.Length / 1e6:F1} MB"));
        Console.WriteLine("| run | parse+validate wall ms | CPU ms | GC pause ms | GCs gen0/1/2 | allocated MB |" + (split ? " read only wall/CPU ms | validate only wall/CPU ms | JSON tokens only wall/CPU ms |" : ""));
        Console.WriteLine("|---|---|---|---|---|---|" + (split ? "---|---|---|" : ""));
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var paused = GC.GetTotalPauseDuration();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var parsed = kind.Parse(body);
            var wall = clock.Elapsed.TotalMilliseconds;
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            var megabytes = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1e6;
            var pauseMs = (GC.GetTotalPauseDuration() - paused).TotalMilliseconds;
            var collections = string.Create(CultureInfo.InvariantCulture, $"{GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}");
            if (!parsed.IsValid) throw new InvalidOperationException(parsed.Errors[0].Path + ": " + parsed.Errors[0].Reason);
            var deserialize = "";
            if (split)
            {
                // CPU as well as wall: on a shared machine the wall time of a phase is mostly waiting for a core.
                var (read, readMs) = Timed(() => LinearProgramJsonReader.Read(body)!);
                var (_, validateMs) = Timed(() => LinearProgramValidation.Validate(read, limits).Count());
                // The floor: every token of the body read once, nothing built.
                var (tokens, tokensMs) = Timed(() =>
                {
                    var reader = new Utf8JsonReader(body);
                    var count = 0;
                    while (reader.Read()) count++;
                    return count;
                });
                deserialize = string.Create(CultureInfo.InvariantCulture, $" {readMs} | {validateMs} | {tokensMs} ({tokens} tokens) |");
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {(run == 0 ? "warm-up" : run)} | {wall:F0} | {cpuMs:F0} | {pauseMs:F0} | {collections} | {megabytes:F0} |{deserialize}"));
            if (run == 0) continue;
            walls.Add(wall);
            cpus.Add(cpuMs);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| median of {runs} | {Median(walls):F0} | {Median(cpus):F0} | | | |{(split ? " | | |" : "")}"));
        return 0;
    }

    private static (T Value, string Milliseconds) Timed<T>(Func<T> run)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var value = run();
        var wall = clock.Elapsed.TotalMilliseconds;
        return (value, string.Create(CultureInfo.InvariantCulture, $"{wall:F0}/{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0}"));
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    /// <summary>The benchmark model as the JSON a client would send.</summary>
    internal static byte[] Generate(int variables, int constraints, int terms)
    {
        var random = new Random(1);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("name", "parse-benchmark");
            writer.WriteStartArray("variables");
            for (var j = 0; j < variables; j++)
            {
                writer.WriteStartObject();
                writer.WriteString("name", Name('x', j));
                writer.WriteNumber("lower", 0);
                writer.WriteNumber("upper", 10);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartArray("constraints");
            var chosen = new HashSet<int>();
            for (var i = 0; i < constraints; i++)
            {
                writer.WriteStartObject();
                writer.WriteString("name", Name('c', i));
                writer.WriteStartObject("terms");
                chosen.Clear();
                while (chosen.Count < Math.Min(terms, variables))
                {
                    var j = random.Next(variables);
                    if (chosen.Add(j)) writer.WriteNumber(Name('x', j), Math.Round(random.NextDouble() * 20 - 10, 3));
                }
                writer.WriteEndObject();
                writer.WriteNumber("upper", Math.Round(random.NextDouble() * 100, 2));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteStartObject("objective");
            writer.WriteString("sense", "maximize");
            writer.WriteStartObject("terms");
            for (var j = 0; j < variables; j++) writer.WriteNumber(Name('x', j), Math.Round(random.NextDouble(), 3));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static string Name(char prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);
}
