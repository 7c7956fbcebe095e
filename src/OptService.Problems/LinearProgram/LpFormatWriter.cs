using System.Globalization;
using System.Text;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Writes a problem in CPLEX LP format, one statement per line: <c>Minimize</c>/<c>Maximize</c> with the
/// objective (its offset as a constant term), <c>Subject To</c> (a ranged constraint as
/// <c>name: lower &lt;= expression &lt;= upper</c>; a free one as <c>expression &gt;= -inf</c>),
/// <c>Bounds</c> (every variable whose bounds are not the default [0, +∞)), <c>Generals</c>, <c>End</c>.
/// Our reader, HiGHS and CPLEX read it back.
/// </summary>
internal static class LpFormatWriter
{
    public static string Write(LinearProgramProblem problem)
    {
        var constraints = problem.Constraints ?? [];
        var text = new StringBuilder(64 + 24 * constraints.Sum(c => c.Terms.Count));
        text.Append("\\ ").AppendLine(string.IsNullOrWhiteSpace(problem.Name) ? "model" : problem.Name.ReplaceLineEndings(" "));
        text.AppendLine(problem.Objective?.Sense == ObjectiveSense.Maximize ? "Maximize" : "Minimize");
        text.Append(" obj:");
        // LP files number variables by first appearance: every variable is named in the objective, in
        // column order (zero coefficients included), so that the columns read back in the same order.
        var objective = problem.Objective;
        var cost = new Dictionary<string, double>(StringComparer.Ordinal);
        if (objective is not null)
            for (var k = 0; k < objective.Terms.Count; k++) cost[objective.Terms.Names[k]] = objective.Terms.Coefficients[k];
        for (var j = 0; j < problem.Variables.Count; j++)
        {
            if (j > 0 && j % 8 == 0) text.AppendLine().Append(' '); // a statement may span lines
            var name = problem.Variables[j].Name;
            text.Append(' ').Append(Signed(cost.GetValueOrDefault(name))).Append(' ').Append(name);
        }
        if (objective is { Offset: not 0 } withOffset) text.Append(' ').Append(Signed(withOffset.Offset));
        if (problem.Variables.Count == 0 && objective is not { Offset: not 0 }) text.Append(" 0");
        text.AppendLine();

        text.AppendLine("Subject To");
        foreach (var constraint in constraints)
        {
            text.Append(' ').Append(constraint.Name).Append(':');
            var (lower, upper) = (constraint.Lower, constraint.Upper);
            if (lower is { } l && upper is { } u && l != u)
            {
                text.Append(' ').Append(Number(l)).Append(" <=");
                AppendTerms(text, constraint.Terms, emptyAsZero: true);
                text.Append(" <= ").AppendLine(Number(u));
                continue;
            }
            AppendTerms(text, constraint.Terms, emptyAsZero: true);
            text.AppendLine((lower, upper) switch
            {
                ({ } eq, { }) => " = " + Number(eq),
                ({ } lo, null) => " >= " + Number(lo),
                (null, { } up) => " <= " + Number(up),
                _ => " >= -inf",
            });
        }

        text.AppendLine("Bounds");
        foreach (var variable in problem.Variables)
        {
            var (lower, upper) = (variable.Lower, variable.Upper);
            if (lower is { } l && upper is { } u && l == u) text.Append(' ').Append(variable.Name).Append(" = ").AppendLine(Number(l));
            else if (lower is null && upper is null) text.Append(' ').Append(variable.Name).AppendLine(" free");
            else if (lower == 0 && upper is null) continue;
            else text.Append(' ').Append(lower is { } lo ? Number(lo) : "-inf").Append(" <= ").Append(variable.Name)
                .Append(" <= ").AppendLine(upper is { } up ? Number(up) : "+inf");
        }
        var integers = problem.Variables.Where(v => v.Integer).ToList();
        if (integers.Count > 0)
        {
            text.AppendLine("Generals");
            foreach (var variable in integers) text.Append(' ').AppendLine(variable.Name);
        }
        text.AppendLine("End");
        return text.ToString();
    }

    private static void AppendTerms(StringBuilder text, LinearTerms terms, bool emptyAsZero = false)
    {
        for (var k = 0; k < terms.Count; k++)
            text.Append(' ').Append(Signed(terms.Coefficients[k])).Append(' ').Append(terms.Names[k]);
        if (terms.Count == 0 && emptyAsZero) text.Append(" 0");
    }

    private static string Signed(double value) => value < 0 ? "- " + Number(-value) : "+ " + Number(value);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
