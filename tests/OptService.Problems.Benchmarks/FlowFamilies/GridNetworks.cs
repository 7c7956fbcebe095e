using System.Globalization;
using OptService.Problems.Transshipment;

namespace OptService.Problems.FlowFamilies;

/// <summary>
/// GRIDGEN-like and GOTO-like networks. Both put the nodes on a grid whose neighbour arcs guarantee
/// feasibility (capacity = total supply) and add random arcs to reach the requested arc count.
/// </summary>
public static class GridNetworks
{
    /// <summary>
    /// GRIDGEN-like: a width × (nodes/width) grid with arcs both ways between neighbours (costs 1..maxCost,
    /// capacity = total supply), random extra arcs between any two nodes (costs 1..maxCost, capacities
    /// 1..1000), and <paramref name="terminals"/> random sources and as many random sinks sharing the
    /// supply (Σ supply = Σ demand).
    /// </summary>
    public static TransshipmentProblem Gridgen(int nodes, int arcs, int terminals, long seed, int maxCost = 1000)
    {
        var random = new Random(unchecked((int)seed));
        var width = Math.Max(2, (int)Math.Sqrt(nodes));
        var builder = new FamilyBuilder(nodes);
        var supply = Split(random, builder, nodes, terminals, 1000L * terminals);
        for (var v = 0; v < nodes; v++)
        {
            if ((v + 1) % width != 0 && v + 1 < nodes) BothWays(builder, v, v + 1, random.Next(1, maxCost + 1), supply);
            if (v + width < nodes) BothWays(builder, v, v + width, random.Next(1, maxCost + 1), supply);
        }
        while (builder.ArcCount < arcs)
        {
            int from = random.Next(nodes), to = random.Next(nodes);
            if (from != to) builder.AddArc(from, to, random.Next(1, maxCost + 1), 0, random.Next(1, 1001));
        }
        return builder.ToProblem(string.Create(CultureInfo.InvariantCulture, $"gridgen {nodes}x{builder.ArcCount} seed {seed}"));
    }

    /// <summary>
    /// GOTO-like ("grid on torus", after Goldberg's hard generator): nodes on a torus, a "backbone" of
    /// arcs to the right and down neighbours (wrapping around) with the maximum cost and the total
    /// supply as capacity, and the other arcs short hops on the torus (1..8 steps in each direction)
    /// with random costs over a wide range (0..maxCost) and small random capacities. One source and one
    /// sink far apart with a supply many times any small capacity: the cheap arcs saturate and the
    /// optimum needs long augmenting paths and many degenerate pivots.
    /// </summary>
    public static TransshipmentProblem Goto(int nodes, int arcs, long seed, int maxCost = 1_000_000)
    {
        var random = new Random(unchecked((int)seed));
        var width = Math.Max(3, (int)Math.Sqrt(nodes));
        var height = Math.Max(3, nodes / width);
        var n = width * height;
        var builder = new FamilyBuilder(n);
        const int maxCapacity = 100;
        long supply = (long)maxCapacity * Math.Max(8, width / 2);
        int source = 0, sink = (height / 2) * width + width / 2;
        builder.Supply[source] = supply;
        builder.Demand[sink] = supply;
        int At(int row, int column) => ((row % height + height) % height) * width + (column % width + width) % width;
        for (var v = 0; v < n; v++)
        {
            int row = v / width, column = v % width;
            builder.AddArc(v, At(row, column + 1), maxCost, 0, supply);
            builder.AddArc(v, At(row + 1, column), maxCost, 0, supply);
        }
        while (builder.ArcCount < arcs)
        {
            var v = random.Next(n);
            int row = v / width + random.Next(-8, 9), column = v % width + random.Next(-8, 9);
            var to = At(row, column);
            if (to != v) builder.AddArc(v, to, random.Next(0, maxCost), 0, random.Next(1, maxCapacity + 1));
        }
        return builder.ToProblem(string.Create(CultureInfo.InvariantCulture, $"goto {n}x{builder.ArcCount} seed {seed}"));
    }

    private static void BothWays(FamilyBuilder builder, int u, int v, long cost, long capacity)
    {
        builder.AddArc(u, v, cost, 0, capacity);
        builder.AddArc(v, u, cost, 0, capacity);
    }

    /// <summary>Random distinct sources and sinks; the total supply split at random; returns it.</summary>
    internal static long Split(Random random, FamilyBuilder builder, int nodes, int terminals, long total)
    {
        var order = Enumerable.Range(0, nodes).ToArray();
        random.Shuffle(order);
        terminals = Math.Min(terminals, nodes / 2);
        var perTerminal = total / terminals;
        for (var i = 0; i < terminals; i++)
        {
            var share = random.Next(1, (int)Math.Min(perTerminal * 2, int.MaxValue - 1));
            builder.Supply[order[i]] += share;
            builder.Demand[order[terminals + random.Next(terminals)]] += share;
        }
        return builder.Supply.Sum();
    }
}
