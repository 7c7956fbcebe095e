using System.Globalization;
using OptService.Problems.Transshipment;

namespace OptService.Problems.FlowFamilies;

/// <summary>
/// Collects a generated network as plain arrays (nodes 0..n−1) and turns it into the request a user
/// would send (node ids <c>n0</c>, <c>n1</c>, ...). Shared by the benchmark and the tests.
/// </summary>
public sealed class FamilyBuilder(int nodes)
{
    private readonly List<TransshipmentArc> _arcs = [];
    private readonly string[] _ids = Enumerable.Range(0, nodes).Select(v => "n" + v.ToString(CultureInfo.InvariantCulture)).ToArray();

    public int NodeCount => _ids.Length;
    public int ArcCount => _arcs.Count;
    public long[] Supply { get; } = new long[nodes];
    public long[] Demand { get; } = new long[nodes];

    /// <param name="max">Capacity; null = uncapacitated.</param>
    public void AddArc(int from, int to, long cost, long min = 0, long? max = null) =>
        _arcs.Add(new TransshipmentArc { From = _ids[from], To = _ids[to], Cost = cost, MinFlow = min, MaxFlow = max });

    public TransshipmentProblem ToProblem(string name) => new()
    {
        Name = name,
        Nodes = _ids.Select((id, v) => new TransshipmentNode { Id = id, Supply = Supply[v], Demand = Demand[v] }).ToArray(),
        Arcs = _arcs.ToArray(),
        IntegerFlows = true,
    };
}
