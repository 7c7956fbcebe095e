namespace OptService.Problems.Transshipment;

/// <summary>Which method runs, and a sentence saying why (it goes into the job log).</summary>
internal sealed record MethodChoice(TransshipmentMethod Method, long CostScale, string Reason)
{
    /// <summary>
    /// <c>auto</c>: with integer supplies, demands and bounds the network LP has integral optimal
    /// vertices, so the exact network algorithm gives the integer optimum with no MIP search (when the
    /// costs scale to integers). Otherwise continuous flows → GLOP (simplex); integer flows over
    /// fractional quantities → SCIP, a real MIP. With integral quantities but costs that do not scale,
    /// GLOP's simplex vertex is integral too.
    /// </summary>
    public static MethodChoice Choose(FlowNetwork network, TransshipmentMethod requested)
    {
        var fits = MinCostFlowBackend.Fits(network, out var scale, out var why);
        if (requested == TransshipmentMethod.MinCostFlow)
            return new(TransshipmentMethod.MinCostFlow, scale, $"requested ({why})");
        if (requested != TransshipmentMethod.Auto)
            return new(requested, scale, "requested");
        if (fits)
            return new(TransshipmentMethod.MinCostFlow, scale,
                $"auto: {why}, so the network algorithm's integral optimum is also the LP and MIP optimum");
        if (!network.IntegerFlows)
            return new(TransshipmentMethod.Glop, scale, $"auto: continuous flows and {why}, so the LP simplex (GLOP)");
        return QuantitiesIntegral(network)
            ? new(TransshipmentMethod.Glop, scale, $"auto: {why}, but integer quantities make the simplex vertex integral (GLOP)")
            : new(TransshipmentMethod.Scip, scale, $"auto: integer flows over fractional data ({why}) need a MIP search (SCIP)");
    }

    public static bool QuantitiesIntegral(FlowNetwork network)
    {
        for (var v = 0; v < network.NodeCount; v++)
            if (!IsInteger(network.Supply[v]) || !IsInteger(network.Demand[v])) return false;
        for (var a = 0; a < network.ArcCount; a++)
            if (!IsInteger(network.MinFlow[a]) || !(double.IsPositiveInfinity(network.MaxFlow[a]) || IsInteger(network.MaxFlow[a])))
                return false;
        return true;
    }

    private static bool IsInteger(double value) => value == Math.Floor(value);
}
