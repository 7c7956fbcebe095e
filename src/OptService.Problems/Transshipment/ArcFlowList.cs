using System.Collections;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Every arc's flow, in input order, as a view of the network and the flow vector: an <see cref="ArcFlow"/> record
/// is made only when one is asked for; <see cref="TransshipmentResultJson"/> writes the JSON from the arrays.
/// </summary>
internal sealed class ArcFlowList(FlowNetwork network, double[] flow) : IReadOnlyList<ArcFlow>
{
    public FlowNetwork Network => network;

    /// <summary>
    /// The <c>flows</c> array's JSON (<see cref="FlowArrayJson"/>), written on another thread while the answer was checked
    /// and its marginal costs found; null: written with the rest of the result.
    /// </summary>
    public Task<byte[]>? Json { get; init; }

    public double[] Flow => flow;
    public int Count => network.ArcCount;

    public ArcFlow this[int index] => new(network.NodeIds[network.Tail[index]], network.NodeIds[network.Head[index]], flow[index]);

    public IEnumerator<ArcFlow> GetEnumerator()
    {
        for (var a = 0; a < Count; a++) yield return this[a];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
