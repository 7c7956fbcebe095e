using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// An earlier job's variable values (<c>?warmStartFrom=</c>) as a start for the backend, matched by variable name so that a
/// model with columns added, removed or reordered still gets the values of the ones it shares. Only SCIP takes a start
/// through OR-Tools (<see cref="SolverChoice.TakesHint"/>); for the other backends the job log says it is not used.
/// </summary>
internal static class LinearProgramWarmStart
{
    /// <summary>One value per column of <paramref name="names"/>: the earlier value of the same name, NaN where there is none.</summary>
    public static double[] Match(IReadOnlyList<string> names, IReadOnlyList<VariableValue> earlier, out int matched)
    {
        var byName = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var variable in earlier)
            if (double.IsFinite(variable.Value)) byName.TryAdd(variable.Name, variable.Value);
        var hint = new double[names.Count];
        matched = 0;
        for (var j = 0; j < hint.Length; j++)
        {
            if (byName.TryGetValue(names[j], out var value))
            {
                hint[j] = value;
                matched++;
            }
            else
            {
                hint[j] = double.NaN;
            }
        }
        return hint;
    }

    /// <summary>The hint for this solve, or null: without a warm start, without values in it, or for a backend that takes none (logged).</summary>
    public static double[]? Read(LinearModel model, SolverChoice choice, ISolveContext context)
    {
        if (context.WarmStart is not { } warmStart) return null;
        if (warmStart.ResultAs<LinearProgramResult>()?.Variables is not { Count: > 0 } earlier)
        {
            context.Warn($"warm start: the result of job {warmStart.JobId} holds no variable values; solving from scratch");
            return null;
        }
        if (!choice.TakesHint)
        {
            context.Warn($"warm start: {choice.Name} takes no start through OR-Tools (only scip does), so the values of job {warmStart.JobId} are not used");
            return null;
        }
        var hint = Match(model.VariableNames, earlier, out var matched);
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"warm start: the values of job {warmStart.JobId} for {matched} of {model.ColumnCount} variables (matched by name) go to {choice.Name} as a start"));
        return matched > 0 ? hint : null;
    }
}
