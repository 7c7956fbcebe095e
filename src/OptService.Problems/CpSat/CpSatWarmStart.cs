using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>
/// An earlier job's solution (<c>?warmStartFrom=</c>) as the model's <c>solution_hint</c>: by variable name where both models
/// name their variables uniquely, otherwise by index when the two models have the same number of variables.
/// </summary>
internal static class CpSatWarmStart
{
    /// <summary>A hint: the variable indexes, their values, and how they were matched ("by name" or "by index").</summary>
    public sealed record Hint(int[] Variables, long[] Values, string MatchedBy);

    /// <summary>The earlier solution mapped onto <paramref name="proto"/>'s variables, or null when nothing matches.</summary>
    public static Hint? Match(CpModelProto proto, CpSatResult earlier)
    {
        if (earlier.ValuesByName is { Count: > 0 } byName)
        {
            // A name given to two variables of the new model is ambiguous: those get no hint.
            var counts = proto.Variables.Where(v => v.Name.Length > 0).GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var variables = new List<int>();
            var values = new List<long>();
            for (var i = 0; i < proto.Variables.Count; i++)
            {
                var name = proto.Variables[i].Name;
                if (name.Length == 0 || counts[name] != 1 || !byName.TryGetValue(name, out var value)) continue;
                variables.Add(i);
                values.Add(value);
            }
            if (variables.Count > 0) return new Hint([.. variables], [.. values], "by name");
        }
        if (earlier.Values is { } all && all.Count == proto.Variables.Count && all.Count > 0)
            return new Hint([.. Enumerable.Range(0, all.Count)], [.. all], "by index");
        return null;
    }

    /// <summary>Sets the model's hint from the warm start, if there is one; says in the job log what was hinted and what not.</summary>
    public static void Apply(CpSatModel model, ISolveContext context)
    {
        if (context.WarmStart is not { } warmStart) return;
        if (model.EnumerateAll)
        {
            context.Warn($"warm start: enumerating every solution does not use the solution of job {warmStart.JobId}");
            return;
        }
        if (warmStart.ResultAs<CpSatResult>() is not { Values: not null } earlier)
        {
            context.Warn($"warm start: the result of job {warmStart.JobId} holds no solution; solving from scratch");
            return;
        }
        if (Match(model.Proto, earlier) is not { } hint)
        {
            context.Warn($"warm start: no variable of this model matches the solution of job {warmStart.JobId} " +
                         $"(by unique name, or by index with as many variables: it had {earlier.Values.Count}, this model has {model.Proto.Variables.Count}); solving from scratch");
            return;
        }
        var replaced = model.Proto.SolutionHint is { Vars.Count: > 0 } own ? $"; it replaces the model's own hint of {own.Vars.Count} variables" : "";
        var assignment = new PartialVariableAssignment();
        assignment.Vars.AddRange(hint.Variables);
        assignment.Values.AddRange(hint.Values);
        model.Proto.SolutionHint = assignment;
        context.Info($"warm start: the solution of job {warmStart.JobId} hints {hint.Variables.Length} of {model.Proto.Variables.Count} variables ({hint.MatchedBy}){replaced}");
    }
}
