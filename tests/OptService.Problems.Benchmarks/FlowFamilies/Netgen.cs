using System.Globalization;
using OptService.Problems.Transshipment;

namespace OptService.Problems.FlowFamilies;

/// <summary>NETGEN's generation parameters (Klingman, Napier and Stutz 1974; DIMACS numbering).</summary>
/// <param name="Nodes">Nodes, numbered 1..Nodes: sources first, sinks last.</param>
/// <param name="Sources">Supply nodes (the first ones), transshipment sources included.</param>
/// <param name="Sinks">Demand nodes (the last ones), transshipment sinks included.</param>
/// <param name="Arcs">Arcs requested ("density").</param>
/// <param name="Supply">Total supply; also the capacity of "uncapacitated" arcs.</param>
/// <param name="HighCostPercent">Skeleton arcs that get the maximum cost.</param>
/// <param name="CapacitatedPercent">Arcs that get a capacity below the total supply.</param>
/// <param name="MinFlowPercent">Our addition: arcs that get a minimum flow (1..100, below the capacity);
/// the tail gets that much more supply, so the skeleton flow stays feasible and the head may pass the
/// forced units on or keep them (the surplus form: Σ supply &gt; Σ demand).</param>
public sealed record NetgenParameters(
    int Nodes, int Sources, int Sinks, int Arcs,
    int MinCost = 1, int MaxCost = 10000, long Supply = 1_000_000,
    int TransshipmentSources = 0, int TransshipmentSinks = 0,
    int HighCostPercent = 30, int CapacitatedPercent = 50, int MinCapacity = 100, int MaxCapacity = 1000,
    int MinFlowPercent = 0);

/// <summary>
/// NETGEN, written from the published algorithm (the DIMACS C version's steps): the total supply is
/// split among the sources at random; 60% of the transshipment nodes are dealt round-robin into one
/// chain per source and the rest hung on random sources' chains; each chain is then hooked to about
/// 2·length·sinks/transshipment sinks, which share the source's supply as demand; the skeleton arcs
/// (chain and hooks) get the maximum cost with probability HighCostPercent and the source's supply as
/// capacity with probability CapacitatedPercent (else the total supply); every node on a chain then
/// gets "rubbish" arcs to random non-source heads until the requested arc count is reached.
/// The skeleton carries a feasible flow, so the problem is always feasible. Node numbers follow
/// NETGEN (1-based) and become ids n0.. (node k is n(k−1)).
/// </summary>
public static class Netgen
{
    public static TransshipmentProblem Generate(NetgenParameters p, long seed)
    {
        if (p.Nodes <= 0 || p.Nodes > p.Arcs || p.Sources <= 0 || p.Sinks <= 0 || p.Sources + p.Sinks > p.Nodes
            || p.MinCost > p.MaxCost || p.Supply < p.Sources || p.TransshipmentSources > p.Sources
            || p.TransshipmentSinks > p.Sinks || p.MinCapacity > p.MaxCapacity)
            throw new ArgumentException("inconsistent NETGEN parameters", nameof(p));
        var random = new NetgenRandom(seed);
        var state = new State(p, random);
        state.Run();

        var builder = new FamilyBuilder(p.Nodes);
        for (var v = 0; v < p.Nodes; v++)
        {
            builder.Supply[v] = Math.Max(state.Balance[v], 0);
            builder.Demand[v] = Math.Max(-state.Balance[v], 0);
        }
        // Minimum flows from their own stream, so that the NETGEN network is the same with or without them.
        var extra = new Random(unchecked((int)seed));
        foreach (var (tail, head, cost, capacity) in state.Arcs)
        {
            long min = 0;
            if (p.MinFlowPercent > 0 && extra.Next(100) < p.MinFlowPercent)
            {
                min = extra.Next(1, (int)Math.Min(capacity, 100) + 1);
                builder.Supply[tail - 1] += min;
            }
            builder.AddArc(tail - 1, head - 1, cost, min, capacity);
        }
        return builder.ToProblem(string.Create(CultureInfo.InvariantCulture,
            $"netgen {p.Nodes}x{builder.ArcCount} sources {p.Sources} sinks {p.Sinks} min-flow {p.MinFlowPercent}% seed {seed}"));
    }

    private sealed class State(NetgenParameters p, NetgenRandom random)
    {
        public long[] Balance { get; } = new long[p.Nodes];
        public List<(int Tail, int Head, long Cost, long Capacity)> Arcs { get; } = new(p.Arcs);
        private long _nodesLeft = p.Nodes - p.Sinks + p.TransshipmentSinks;

        public void Run()
        {
            CreateSupply();
            var pred = BuildChains();
            for (var source = 1; source <= p.Sources; source++) HookChain(source, pred);
            // More rubbish arcs out of the transshipment sinks.
            for (var i = p.Nodes - p.Sinks + 1; i <= p.Nodes - p.Sinks + p.TransshipmentSinks; i++)
                PickHeads(i, new HashSet<int> { i });
        }

        /// <summary>Splits the total supply among the sources at random.</summary>
        private void CreateSupply()
        {
            var perSource = p.Supply / p.Sources;
            for (var i = 0; i < p.Sources; i++)
            {
                var part = random.Next(1, perSource);
                Balance[i] += part;
                Balance[random.Next(0, p.Sources - 1)] += perSource - part;
            }
            Balance[random.Next(0, p.Sources - 1)] += p.Supply % p.Sources;
        }

        /// <summary>pred[] links each source's chain into a cycle through the source.</summary>
        private int[] BuildChains()
        {
            var pred = new int[p.Nodes + 1];
            for (var i = 1; i <= p.Sources; i++) pred[i] = i;
            var pool = new IndexPool(p.Sources + 1, p.Nodes - p.Sinks);
            var transshipment = p.Nodes - p.Sources - p.Sinks;
            var source = 1;
            var i2 = transshipment;
            for (; i2 > (4 * transshipment + 9) / 10; i2--)
            {
                var node = pool.Take(random.Next(1, pool.Count));
                (pred[node], pred[source]) = (pred[source], node);
                if (++source > p.Sources) source = 1;
            }
            for (; i2 > 0; i2--)
            {
                var node = pool.Take(random.Next(1, pool.Count));
                source = (int)random.Next(1, p.Sources);
                (pred[node], pred[source]) = (pred[source], node);
            }
            return pred;
        }

        private void HookChain(int source, int[] pred)
        {
            var skeleton = new List<(int Tail, int Head)>();
            for (var node = pred[source]; node != source; node = pred[node]) skeleton.Add((pred[node], node));
            var chainLength = skeleton.Count;
            var transshipment = p.Nodes - p.Sources - p.Sinks;
            long sinksPerSource = transshipment == 0
                ? p.Sinks / p.Sources + 1
                : (long)(2.0 * chainLength * p.Sinks / transshipment);
            sinksPerSource = Math.Max(2, Math.Min(sinksPerSource, p.Sinks));
            var pool = new IndexPool(p.Nodes - p.Sinks, p.Nodes - 1); // 0-based balance indices of the sinks
            var sinks = new List<int>();
            for (var i = 0; i < sinksPerSource; i++) sinks.Add(pool.Take(random.Next(1, pool.Count)));
            if (source == p.Sources)
                while (pool.Count > 0)
                {
                    var j = pool.Take(1);
                    if (Balance[j] == 0) sinks.Add(j);
                }

            var supply = Balance[source - 1];
            var perSink = supply / sinks.Count;
            var k = pred[source];
            for (var i = 0; i < sinks.Count; i++)
            {
                var part = random.Next(1, perSink);
                var other = (int)random.Next(0, sinks.Count - 1);
                skeleton.Add((k, sinks[i] + 1));
                Balance[sinks[i]] -= part;
                Balance[sinks[other]] -= perSink - part;
                k = source;
                for (var j = random.Next(1, chainLength); j > 0; j--) k = pred[k];
            }
            Balance[sinks[0]] -= supply % sinks.Count;

            // Skeleton arcs grouped by tail; each tail then gets its rubbish arcs.
            skeleton.Sort((a, b) => a.Tail.CompareTo(b.Tail));
            for (var i = 0; i < skeleton.Count;)
            {
                var tail = skeleton[i].Tail;
                var used = new HashSet<int> { tail };
                for (; i < skeleton.Count && skeleton[i].Tail == tail; i++)
                {
                    used.Add(skeleton[i].Head);
                    var capacity = p.Supply;
                    if (random.Next(1, 100) <= p.CapacitatedPercent) capacity = Math.Max(supply, p.MinCapacity);
                    long cost = p.MaxCost;
                    if (random.Next(1, 100) > p.HighCostPercent) cost = random.Next(p.MinCost, p.MaxCost);
                    Arcs.Add((tail, skeleton[i].Head, cost, capacity));
                }
                PickHeads(tail, used);
            }
        }

        /// <summary>Rubbish arcs from <paramref name="tail"/> to distinct random non-source heads not yet used.</summary>
        private void PickHeads(int tail, HashSet<int> used)
        {
            long nonSources = p.Nodes - p.Sources + p.TransshipmentSources;
            long remaining = p.Arcs - Arcs.Count;
            _nodesLeft--;
            if (2 * _nodesLeft >= remaining) return;
            var first = p.Sources - p.TransshipmentSources + 1;
            long available = p.Nodes - first + 1 - used.Count(u => u >= first);
            long limit;
            if ((remaining + nonSources - available - 1) / (_nodesLeft + 1) >= nonSources - 1)
                limit = nonSources;
            else
            {
                var upper = 2 * (remaining / (_nodesLeft + 1) - 1);
                do
                {
                    limit = random.Next(1, upper);
                    if (_nodesLeft == 0) limit = remaining;
                } while (_nodesLeft * (nonSources - 1) < remaining - limit);
            }
            limit = Math.Min(limit, available);
            for (; limit > 0; limit--)
            {
                int head;
                do head = (int)random.Next(first, p.Nodes); while (!used.Add(head));
                var capacity = p.Supply;
                if (random.Next(1, 100) <= p.CapacitatedPercent) capacity = random.Next(p.MinCapacity, p.MaxCapacity);
                Arcs.Add((tail, head, random.Next(p.MinCost, p.MaxCost), capacity));
            }
        }
    }
}
