using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Google.OrTools.Graph;

namespace OptService.Problems.Benchmarks;

/// <summary>
/// The peer of a transshipment job (issue 10): OR-Tools' <see cref="MinCostFlow"/> run bare on the same network, the
/// way a plain program would: read the job's JSON file, map node ids to indexes, add every arc (minimum flows moved
/// into the supplies, uncapacitated arcs given the total supply as capacity), solve. Meant for a fresh process
/// (scripts/bigjobs_phases.py starts one per run); prints one line of JSON with each phase in milliseconds.
/// </summary>
internal static class BareMinCostFlowPeer
{
    public static int Run(string[] args)
    {
        // Usage: mincostflow-peer <problem.json>
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: mincostflow-peer <problem.json>");
            return 2;
        }
        var clock = Stopwatch.StartNew();
        var bytes = File.ReadAllBytes(args[0]);
        var readMs = clock.Elapsed.TotalMilliseconds;

        using var document = JsonDocument.Parse(bytes);
        var root = document.RootElement;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var balance = new List<long>();
        foreach (var node in root.GetProperty("nodes").EnumerateArray())
        {
            index[node.GetProperty("id").GetString()!] = balance.Count;
            balance.Add(Whole(node, "supply") - Whole(node, "demand"));
        }
        var arcs = root.GetProperty("arcs");
        var count = arcs.GetArrayLength();
        var (tails, heads, costs, mins, maxes) = (new int[count], new int[count], new long[count], new long[count], new long[count]);
        var a = 0;
        foreach (var arc in arcs.EnumerateArray())
        {
            tails[a] = index[arc.GetProperty("from").GetString()!];
            heads[a] = index[arc.GetProperty("to").GetString()!];
            costs[a] = arc.GetProperty("cost").GetInt64();
            mins[a] = Whole(arc, "minFlow");
            maxes[a] = arc.TryGetProperty("maxFlow", out var max) && max.ValueKind == JsonValueKind.Number ? max.GetInt64() : -1;
            a++;
        }
        var parseMs = clock.Elapsed.TotalMilliseconds - readMs;

        var flow = new MinCostFlow(balance.Count, count);
        long uncapacitated = balance.Where(b => b > 0).Sum() + 1;
        for (a = 0; a < count; a++)
        {
            // A minimum flow is sent up front: the arc keeps max − min, its ends' balances move by min.
            balance[tails[a]] -= mins[a];
            balance[heads[a]] += mins[a];
            var capacity = maxes[a] < 0 ? uncapacitated : maxes[a] - mins[a];
            flow.AddArcWithCapacityAndUnitCost(tails[a], heads[a], capacity, costs[a]);
        }
        for (var v = 0; v < balance.Count; v++) flow.SetNodeSupply(v, balance[v]);
        var buildMs = clock.Elapsed.TotalMilliseconds - readMs - parseMs;

        var status = flow.Solve();
        var solveMs = clock.Elapsed.TotalMilliseconds - readMs - parseMs - buildMs;
        long objective = 0;
        for (a = 0; a < count; a++) objective += costs[a] * mins[a];
        objective += status == MinCostFlowBase.Status.OPTIMAL ? flow.OptimalCost() : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"status":"{{status}}","objective":{{objective}},"readMs":{{readMs:F1}},"parseMs":{{parseMs:F1}},"buildMs":{{buildMs:F1}},"solveMs":{{solveMs:F1}},"totalMs":{{clock.Elapsed.TotalMilliseconds:F1}}}"""));
        return status == MinCostFlowBase.Status.OPTIMAL ? 0 : 1;
    }

    private static long Whole(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
}
