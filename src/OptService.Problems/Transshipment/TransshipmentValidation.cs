using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>Every reason a transshipment problem is malformed, each with its JSON path.</summary>
internal static class TransshipmentValidation
{
    public static IEnumerable<FieldError> Validate(TransshipmentProblem problem, TransshipmentLimits limits)
    {
        var errors = new List<FieldError>();
        var nodes = problem.Nodes;
        var arcs = problem.Arcs;
        if (nodes is null) errors.Add(new("$.nodes", "nodes is required (a list of nodes)"));
        if (arcs is null) errors.Add(new("$.arcs", "arcs is required (a list of arcs, may be empty)"));
        if (nodes is not null && nodes.Count > limits.MaxNodes)
            errors.Add(new("$.nodes", $"{nodes.Count} nodes exceed the limit of {limits.MaxNodes} ({KindLimits.Key(TransshipmentKind.KindName, nameof(limits.MaxNodes))})"));
        if (arcs is not null && arcs.Count > limits.MaxArcs)
            errors.Add(new("$.arcs", $"{arcs.Count} arcs exceed the limit of {limits.MaxArcs} ({KindLimits.Key(TransshipmentKind.KindName, nameof(limits.MaxArcs))})"));
        if (errors.Count > 0) return errors;

        if (problem.Name is { Length: > TransshipmentLimits.MaxNameLength } name)
            errors.Add(new("$.name", string.Create(CultureInfo.InvariantCulture, $"must be at most {TransshipmentLimits.MaxNameLength} characters, got {name.Length:N0}")));
        // A network read by TransshipmentJsonReader was checked node by node and arc by arc as it was read.
        if (FlowNetwork.ReadWith(problem) is null)
        {
            var ids = ValidateNodes(nodes!, errors);
            ValidateArcs(arcs!, ids, errors);
        }
        ValidateOptions(problem.Options, errors);
        if (errors.Count == 0 && problem.Options?.Solver == TransshipmentMethod.MinCostFlow
            && !MethodChoice.QuantitiesIntegral(FlowNetwork.From(problem)))
            errors.Add(new("$.options.solver", "min-cost-flow needs integer supplies, demands and flow bounds; use auto, glop or scip"));
        return errors;
    }

    private static HashSet<string> ValidateNodes(IReadOnlyList<TransshipmentNode> nodes, List<FieldError> errors)
    {
        var ids = new HashSet<string>(nodes.Count, StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count && errors.Count <= FieldError.MaxReported; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.nodes[{i}]");
            var node = nodes[i];
            if (node is null)
            {
                errors.Add(new(path, "a node must be an object"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(node.Id))
                errors.Add(new(path + ".id", "the node id must not be empty"));
            else if (node.Id.Length > TransshipmentLimits.MaxIdLength)
                errors.Add(new(path + ".id", TooLong(node.Id)));
            else if (!ids.Add(node.Id))
                errors.Add(new(path + ".id", $"duplicate node id '{node.Id}'"));
            CheckQuantity(node.Supply, path + ".supply", errors);
            CheckQuantity(node.Demand, path + ".demand", errors);
        }
        return ids;
    }

    private static void ValidateArcs(IReadOnlyList<TransshipmentArc> arcs, HashSet<string> ids, List<FieldError> errors)
    {
        for (var a = 0; a < arcs.Count && errors.Count <= FieldError.MaxReported; a++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"$.arcs[{a}]");
            var arc = arcs[a];
            if (arc is null)
            {
                errors.Add(new(path, "an arc must be an object"));
                continue;
            }
            if (string.IsNullOrWhiteSpace(arc.From)) errors.Add(new(path + ".from", "the arc's start node must not be empty"));
            else if (arc.From.Length > TransshipmentLimits.MaxIdLength) errors.Add(new(path + ".from", TooLong(arc.From)));
            else if (!ids.Contains(arc.From)) errors.Add(new(path + ".from", $"unknown node '{arc.From}'"));
            if (string.IsNullOrWhiteSpace(arc.To)) errors.Add(new(path + ".to", "the arc's end node must not be empty"));
            else if (arc.To.Length > TransshipmentLimits.MaxIdLength) errors.Add(new(path + ".to", TooLong(arc.To)));
            else if (!ids.Contains(arc.To)) errors.Add(new(path + ".to", $"unknown node '{arc.To}'"));
            if (arc.From is not null && string.Equals(arc.From, arc.To, StringComparison.Ordinal))
                errors.Add(new(path + ".to", $"self-loop: the arc starts and ends at '{arc.From}'"));

            if (!double.IsFinite(arc.Cost)) errors.Add(new(path + ".cost", "the cost must be a finite number"));
            else if (Math.Abs(arc.Cost) > TransshipmentLimits.MaxMagnitude)
                errors.Add(new(path + ".cost", $"the cost's magnitude must not exceed {TransshipmentLimits.MaxMagnitude:G}"));
            var minOk = CheckQuantity(arc.MinFlow, path + ".minFlow", errors);
            var maxOk = arc.MaxFlow is not { } max || CheckQuantity(max, path + ".maxFlow", errors);
            if (minOk && maxOk && arc.MaxFlow is { } upper && arc.MinFlow > upper)
                errors.Add(new(path + ".minFlow", $"minFlow {arc.MinFlow} exceeds maxFlow {upper}"));
        }
    }

    private static void ValidateOptions(TransshipmentOptions? options, List<FieldError> errors)
    {
        if (options?.TimeLimitSeconds is { } limit && !(limit > 0 && limit <= TransshipmentLimits.MaxTimeLimitSeconds))
            errors.Add(new("$.options.timeLimitSeconds",
                $"the time limit must be a positive number of seconds, at most {TransshipmentLimits.MaxTimeLimitSeconds.ToString(CultureInfo.InvariantCulture)}"));
        if (options is not null && !Enum.IsDefined(options.Solver))
            errors.Add(new("$.options.solver", "unknown solver"));
    }

    private static string TooLong(string id) =>
        string.Create(CultureInfo.InvariantCulture, $"a node id must be at most {TransshipmentLimits.MaxIdLength} characters, got {id.Length:N0}");

    /// <summary>A supply, demand or flow bound: finite, ≥ 0 and not absurdly large.</summary>
    private static bool CheckQuantity(double value, string path, List<FieldError> errors)
    {
        if (!double.IsFinite(value)) errors.Add(new(path, "must be a finite number"));
        else if (value < 0) errors.Add(new(path, $"must not be negative (got {value.ToString(CultureInfo.InvariantCulture)})"));
        else if (value > TransshipmentLimits.MaxMagnitude)
            errors.Add(new(path, $"must not exceed {TransshipmentLimits.MaxMagnitude.ToString("G", CultureInfo.InvariantCulture)}"));
        else return true;
        return false;
    }
}
