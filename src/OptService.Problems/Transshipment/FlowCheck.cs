using System.Globalization;

namespace OptService.Problems.Transshipment;

/// <summary>
/// An independent check of the flow a backend returned, run after every solve: a flow that misses an
/// arc bound or a node balance by more than <see cref="Tolerance"/> (relative), or that is fractional
/// when whole units were asked for, is never reported as a solution.
/// </summary>
internal static class FlowCheck
{
    /// <summary>
    /// Relative tolerance of bounds and node balances: an arc may leave its bound by at most
    /// <c>1e-9 · max(1, |bound|)</c>, and a node may be short of <c>supply + inflow ≥ demand + outflow</c>
    /// by at most <c>1e-9 · max(1, supply + demand + inflow + outflow)</c>. Simplex and MIP backends
    /// meet it with room to spare; PDLP's default tolerances (≈ 1e-6 relative to whole norms) do not.
    /// </summary>
    public const double Tolerance = 1e-9;

    /// <summary>With integer flows, values this close to a whole number are that number (2999.9999999 → 3000).</summary>
    public const double IntegralitySnap = 1e-6;

    /// <summary>
    /// Rounds the flows that are within <see cref="IntegralitySnap"/> of an integer, when integer flows were asked for.
    /// Writes only what changes, so that a second call changes nothing under the flows' JSON written meanwhile on
    /// another thread (<see cref="FlowArrayJson.WriteInBackground"/>).
    /// </summary>
    public static void SnapToIntegers(FlowNetwork network, double[] flow)
    {
        if (!network.IntegerFlows) return;
        for (var a = 0; a < flow.Length; a++)
        {
            var whole = Math.Round(flow[a]) + 0.0;
            if (Math.Abs(flow[a] - whole) <= IntegralitySnap && BitConverter.DoubleToInt64Bits(flow[a]) != BitConverter.DoubleToInt64Bits(whole)) flow[a] = whole;
        }
    }

    /// <summary>What is wrong with the flow; <see cref="FlowDefects.None"/> when nothing is.</summary>
    public static FlowDefects Find(FlowNetwork network, double[] flow)
    {
        int outOfBounds = 0, shortNodes = 0, fractional = 0;
        double worstBound = 0, worstShortfall = 0, worstFraction = 0;
        var inflow = new double[network.NodeCount];
        var outflow = new double[network.NodeCount];
        for (var a = 0; a < network.ArcCount; a++)
        {
            var x = flow[a];
            var (min, max) = (network.MinFlow[a], network.MaxFlow[a]);
            // How far past a bound the flow lies, and how far it may lie.
            var below = min - x;
            var above = double.IsFinite(max) ? x - max : 0;
            var allowed = Tolerance * Math.Max(1, Math.Max(Math.Abs(min), double.IsFinite(max) ? max : 0));
            if (!double.IsFinite(x) || Math.Max(below, above) > allowed)
            {
                outOfBounds++;
                worstBound = Math.Max(worstBound, double.IsFinite(x) ? Math.Max(below, above) : double.PositiveInfinity);
            }
            if (network.IntegerFlows && x != Math.Round(x))
            {
                fractional++;
                worstFraction = Math.Max(worstFraction, Math.Abs(x - Math.Round(x)));
            }
            inflow[network.Head[a]] += x;
            outflow[network.Tail[a]] += x;
        }
        for (var v = 0; v < network.NodeCount; v++)
        {
            var (supply, demand) = (network.Supply[v], network.Demand[v]);
            var shortfall = demand + outflow[v] - supply - inflow[v];
            if (shortfall > Tolerance * Math.Max(1, supply + demand + inflow[v] + outflow[v]) || double.IsNaN(shortfall))
            {
                shortNodes++;
                worstShortfall = Math.Max(worstShortfall, double.IsNaN(shortfall) ? double.PositiveInfinity : shortfall);
            }
        }
        return new FlowDefects(outOfBounds, worstBound, shortNodes, worstShortfall, fractional, worstFraction);
    }
}

/// <summary>How many arcs leave their bounds, nodes miss their balance and flows are fractional, and by how much at worst.</summary>
internal sealed record FlowDefects(
    int ArcsOutOfBounds, double WorstBoundExcess, int NodesShort, double WorstShortfall, int FractionalFlows, double WorstFraction)
{
    public bool None => ArcsOutOfBounds == 0 && NodesShort == 0 && FractionalFlows == 0;

    /// <summary>"168 nodes miss their balance (by up to 0.0013); 753 fractional flows (up to 0.5 from a whole number)".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (ArcsOutOfBounds > 0) parts.Add(Invariant($"{ArcsOutOfBounds} arc{S(ArcsOutOfBounds)} outside {(ArcsOutOfBounds == 1 ? "its" : "their")} bounds (by up to {WorstBoundExcess:G3})"));
        if (NodesShort > 0) parts.Add(Invariant($"{NodesShort} node{S(NodesShort)} short of {(NodesShort == 1 ? "its" : "their")} balance supply + inflow ≥ demand + outflow (by up to {WorstShortfall:G3})"));
        if (FractionalFlows > 0) parts.Add(Invariant($"{FractionalFlows} fractional flow{S(FractionalFlows)} where whole units were asked for (up to {WorstFraction:G3} from a whole number)"));
        return parts.Count == 0 ? "no defect" : string.Join("; ", parts);
    }

    private static string S(int count) => count == 1 ? "" : "s";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
