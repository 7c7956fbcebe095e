using System.Globalization;
using System.Text;

/// <summary>Command-line options of the load generator.</summary>
/// <param name="Rate">Open loop: arrivals per second (null = closed loop, each client submits again as soon as its job ends).</param>
/// <param name="JobTimeoutSeconds">A job not finished this long after its submit counts as an error, so that a run always ends.</param>
/// <param name="IdempotencyKeys">Send a new Idempotency-Key with every submission (measures the fingerprint's cost).</param>
internal sealed record LoadOptions(
    string BaseUrl, string Kind, string? File, int Count, int Concurrency, int Warmup, bool SolveTime, int[]? Generate, double? Rate,
    double JobTimeoutSeconds, bool IdempotencyKeys)
{
    public static LoadOptions Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
        }
        int Int(string name, int fallback) => int.Parse(Get(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var generate = Get("--generate", "");
        var rate = Get("--rate", "");
        return new LoadOptions(
            Get("--base", "http://127.0.0.1:5080"),
            Get("--kind", "transshipment"),
            args.Contains("--file") ? Get("--file", "") : null,
            Int("--count", 200),
            Int("--concurrency", 1),
            Int("--warmup", 20),
            args.Contains("--solve-time"),
            generate.Length > 0 ? generate.Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray() : null,
            rate.Length > 0 ? double.Parse(rate, CultureInfo.InvariantCulture) : null,
            double.Parse(Get("--job-timeout", "120"), CultureInfo.InvariantCulture),
            args.Contains("--idempotency-keys"));
    }

    /// <summary>The request body: a file, or (<c>--generate 10000x100000</c>) a generated transshipment network.</summary>
    public byte[] Body()
    {
        if (File is not null) return System.IO.File.ReadAllBytes(File);
        if (Generate is [var nodes, var arcs])
        {
            var problem = OptService.Problems.Transshipment.TransshipmentGenerator.Generate(nodes, arcs, seed: 1);
            return Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(problem, OptService.Kinds.JobJson.Options));
        }
        throw new ArgumentException("give --file PATH or --generate NODESxARCS");
    }
}
