using System.Globalization;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Deterministic random transshipment networks for tests and benchmarks: integer data, feasible by
/// construction, about 5% of arcs with a minimum flow and 10% uncapacitated (all costs positive, so
/// never unbounded). Node ids are <c>n0</c>, <c>n1</c>, ...
/// </summary>
public static class TransshipmentGenerator
{
    /// <summary>
    /// Builds a network of <paramref name="nodes"/> nodes and <paramref name="arcs"/> arcs
    /// (arcs ≥ nodes ≥ 2). A Hamiltonian cycle over a random permutation keeps it connected; the
    /// other arcs join random pairs. A random flow is drawn first; supplies and demands are its net
    /// outflows (plus some spare supply), and every arc's bounds contain its flow, so that flow is feasible.
    /// </summary>
    public static TransshipmentProblem Generate(int nodes, int arcs, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(arcs, nodes);
        var random = new Random(seed);
        var ids = new string[nodes];
        for (var v = 0; v < nodes; v++) ids[v] = "n" + v.ToString(CultureInfo.InvariantCulture);

        var permutation = Enumerable.Range(0, nodes).ToArray();
        random.Shuffle(permutation);
        var net = new long[nodes];
        var arcList = new TransshipmentArc[arcs];
        for (var a = 0; a < arcs; a++)
        {
            int from, to;
            if (a < nodes)
                (from, to) = (permutation[a], permutation[(a + 1) % nodes]);
            else
            {
                from = random.Next(nodes);
                do to = random.Next(nodes); while (to == from);
            }
            // The planted flow: zero on about half of the arcs.
            long flow = random.Next(2) == 0 ? 0 : random.Next(1, 100);
            net[from] += flow;
            net[to] -= flow;
            var draw = random.NextDouble();
            long? max = draw < 0.10 ? null : flow + random.Next(0, 100);
            long min = draw > 0.95 && flow > 0 ? random.Next(1, (int)flow + 1) : 0;
            arcList[a] = new TransshipmentArc
            {
                From = ids[from], To = ids[to], Cost = random.Next(1, 101), MinFlow = min, MaxFlow = max,
            };
        }

        var nodeList = new TransshipmentNode[nodes];
        for (var v = 0; v < nodes; v++)
        {
            // supply − demand ≥ outflow − inflow = net holds for the planted flow.
            var spare = random.Next(10) == 0 ? random.Next(0, 200) : 0;
            nodeList[v] = new TransshipmentNode
            {
                Id = ids[v], Supply = Math.Max(net[v], 0) + spare, Demand = Math.Max(-net[v], 0),
            };
        }
        return new TransshipmentProblem
        {
            Name = string.Create(CultureInfo.InvariantCulture, $"generated {nodes}x{arcs} seed {seed}"),
            Nodes = nodeList, Arcs = arcList, IntegerFlows = true,
        };
    }
}
