using System.Collections;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The nodes of a problem read by <see cref="TransshipmentJsonReader"/>, as a view of its <see cref="FlowNetwork"/>:
/// a record is made only when one is asked for (a test, a model file); the solve uses the arrays. The network was
/// validated as it was read, so <see cref="TransshipmentValidation"/> does not check these nodes again.
/// </summary>
internal sealed class NetworkNodeList(FlowNetwork network) : IReadOnlyList<TransshipmentNode>
{
    public FlowNetwork Network => network;
    public int Count => network.NodeCount;

    public TransshipmentNode this[int index] =>
        new() { Id = network.NodeIds[index], Supply = network.Supply[index], Demand = network.Demand[index] };

    public IEnumerator<TransshipmentNode> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The arcs of a problem read by <see cref="TransshipmentJsonReader"/>, as a view of its <see cref="FlowNetwork"/> (see <see cref="NetworkNodeList"/>).</summary>
internal sealed class NetworkArcList(FlowNetwork network) : IReadOnlyList<TransshipmentArc>
{
    public FlowNetwork Network => network;
    public int Count => network.ArcCount;

    public TransshipmentArc this[int index] => new()
    {
        From = network.NodeIds[network.Tail[index]], To = network.NodeIds[network.Head[index]], Cost = network.Cost[index],
        MinFlow = network.MinFlow[index], MaxFlow = double.IsPositiveInfinity(network.MaxFlow[index]) ? null : network.MaxFlow[index],
    };

    public IEnumerator<TransshipmentArc> GetEnumerator()
    {
        for (var a = 0; a < Count; a++) yield return this[a];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
