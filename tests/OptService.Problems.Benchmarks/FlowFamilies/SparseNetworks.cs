using System.Globalization;
using OptService.Problems.Transshipment;

namespace OptService.Problems.FlowFamilies;

/// <summary>Road-like sparse networks and transportation problems with minimum flows.</summary>
public static class SparseNetworks
{
    /// <summary>
    /// Road-like: nodes at jittered points of a square grid, streets between neighbours both ways
    /// (north–south streets always and the first east–west street, so the map stays connected; the other
    /// east–west streets with probability 0.6), cost = length in metres; every 20th row and column is a
    /// highway (a third of the cost). About 3.2 arcs per node: give arcs ≈ 3.2 × nodes. Street capacities 50..500 units, highways 5,000;
    /// <paramref name="terminals"/> depots and as many customers with Σ demand well below capacity of
    /// the cut; depots have 10% spare supply (the surplus form).
    /// </summary>
    public static TransshipmentProblem Road(int nodes, int terminals, long seed)
    {
        var random = new Random(unchecked((int)seed));
        var width = Math.Max(2, (int)Math.Sqrt(nodes));
        var height = Math.Max(2, nodes / width);
        var n = width * height;
        var x = new double[n];
        var y = new double[n];
        for (var v = 0; v < n; v++)
        {
            x[v] = (v % width + 0.35 * (random.NextDouble() - 0.5)) * 100;
            y[v] = (v / width + 0.35 * (random.NextDouble() - 0.5)) * 100;
        }
        var builder = new FamilyBuilder(n);
        void Street(int u, int v, bool highway, bool keep)
        {
            if (!keep && random.NextDouble() > 0.6) return;
            var length = Math.Sqrt((x[u] - x[v]) * (x[u] - x[v]) + (y[u] - y[v]) * (y[u] - y[v]));
            long cost = (long)Math.Round(highway ? length / 3 : length);
            long capacity = highway ? 5000 : random.Next(50, 501);
            builder.AddArc(u, v, cost, 0, capacity);
            builder.AddArc(v, u, cost, 0, capacity);
        }
        for (var v = 0; v < n; v++)
        {
            int row = v / width, column = v % width;
            if (column + 1 < width) Street(v, v + 1, row % 20 == 0, row == 0);
            if (row + 1 < height) Street(v, v + width, column % 20 == 0, keep: true);
        }
        terminals = Math.Min(terminals, n / 2);
        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order);
        for (var i = 0; i < terminals; i++)
        {
            var amount = random.Next(1, 40);
            builder.Demand[order[terminals + i]] += amount;
            builder.Supply[order[random.Next(terminals)]] += amount;
        }
        for (var i = 0; i < terminals; i++) builder.Supply[order[i]] += builder.Supply[order[i]] / 10;
        return builder.ToProblem(string.Create(CultureInfo.InvariantCulture, $"road {n}x{builder.ArcCount} seed {seed}"));
    }

    /// <summary>
    /// Transportation: <paramref name="sources"/> plants and nodes − sources customers, arcs only from
    /// plants to customers. Every customer has one uncapacitated arc from a plant that also gets its
    /// demand as supply (so the problem is feasible), the other arcs are random pairs with capacities
    /// 1..500 (20% uncapacitated), costs 1..10,000; plants get 10% spare supply; 5% of the arcs have a
    /// minimum flow of 1..50 units paid for by that much more supply at the plant.
    /// </summary>
    public static TransshipmentProblem Transportation(int nodes, int arcs, int sources, long seed)
    {
        var random = new Random(unchecked((int)seed));
        var builder = new FamilyBuilder(nodes);
        var customers = nodes - sources;
        for (var c = 0; c < customers; c++)
        {
            var customer = sources + c;
            var plant = random.Next(sources);
            var demand = random.Next(1, 100);
            builder.Demand[customer] = demand;
            builder.Supply[plant] += demand;
            builder.AddArc(plant, customer, random.Next(1, 10_001));
        }
        for (var s = 0; s < sources; s++) builder.Supply[s] += builder.Supply[s] / 10;
        while (builder.ArcCount < arcs)
        {
            int plant = random.Next(sources), customer = sources + random.Next(customers);
            long? capacity = random.NextDouble() < 0.2 ? null : random.Next(1, 501);
            long min = 0;
            if (random.NextDouble() < 0.05)
            {
                min = Math.Min(random.Next(1, 51), capacity ?? long.MaxValue);
                builder.Supply[plant] += min;
            }
            builder.AddArc(plant, customer, random.Next(1, 10_001), min, capacity);
        }
        return builder.ToProblem(string.Create(CultureInfo.InvariantCulture, $"transportation {nodes}x{builder.ArcCount} sources {sources} seed {seed}"));
    }
}
