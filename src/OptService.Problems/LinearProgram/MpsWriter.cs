using System.Globalization;
using System.Text;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Writes a problem as free MPS (names may be longer than 8 characters; none contains a space, since
/// the readers split on white space). The objective row is <c>OBJ</c> (or <c>OBJ_1</c>, … when a
/// constraint is so named); a constant objective term is written as minus the RHS of that row.
/// Rows with two finite, different bounds become E rows with a range.
/// </summary>
internal static class MpsWriter
{
    public static string Write(LinearProgramProblem problem)
    {
        var constraints = problem.Constraints ?? [];
        var objectiveName = UnusedName("OBJ", constraints.Select(c => c.Name));
        var text = new StringBuilder(64 + 40 * constraints.Sum(c => c.Terms.Count));
        text.Append("NAME ").AppendLine(string.IsNullOrWhiteSpace(problem.Name) ? "model" : problem.Name.Replace(' ', '_'));
        if (problem.Objective?.Sense == ObjectiveSense.Maximize) text.AppendLine("OBJSENSE").AppendLine("    MAX");
        text.AppendLine("ROWS").Append(" N  ").AppendLine(objectiveName);
        foreach (var constraint in constraints)
            text.Append(' ').Append(RowType(constraint)).Append("  ").AppendLine(constraint.Name);

        // Column-wise: gather each variable's entries in row order.
        var index = new Dictionary<string, int>(problem.Variables.Count, StringComparer.Ordinal);
        for (var j = 0; j < problem.Variables.Count; j++) index[problem.Variables[j].Name] = j;
        var entries = new List<(string Row, double Value)>?[problem.Variables.Count];
        if (problem.Objective?.Terms is { } objective)
            for (var k = 0; k < objective.Count; k++) (entries[index[objective.Names[k]]] ??= []).Add((objectiveName, objective.Coefficients[k]));
        foreach (var constraint in constraints)
            for (var k = 0; k < constraint.Terms.Count; k++)
                (entries[index[constraint.Terms.Names[k]]] ??= []).Add((constraint.Name, constraint.Terms.Coefficients[k]));

        text.AppendLine("COLUMNS");
        var inIntegers = false;
        var marker = 0;
        for (var j = 0; j < problem.Variables.Count; j++)
        {
            var variable = problem.Variables[j];
            if (variable.Integer != inIntegers)
            {
                text.Append("    M").Append(marker++.ToString(CultureInfo.InvariantCulture)).Append(" 'MARKER' ")
                    .AppendLine(variable.Integer ? "'INTORG'" : "'INTEND'");
                inIntegers = variable.Integer;
            }
            var list = entries[j];
            // A column that appears nowhere still has to be declared: a zero objective entry does that.
            if (list is null) text.Append("    ").Append(variable.Name).Append(' ').Append(objectiveName).AppendLine(" 0");
            else foreach (var (row, value) in list) text.Append("    ").Append(variable.Name).Append(' ').Append(row).Append(' ').AppendLine(Number(value));
        }
        if (inIntegers) text.Append("    M").Append(marker.ToString(CultureInfo.InvariantCulture)).AppendLine(" 'MARKER' 'INTEND'");

        text.AppendLine("RHS");
        if (problem.Objective is { Offset: not 0 } withOffset)
            text.Append("    RHS ").Append(objectiveName).Append(' ').AppendLine(Number(-withOffset.Offset));
        foreach (var constraint in constraints)
            if (Rhs(constraint) is { } rhs and not 0) text.Append("    RHS ").Append(constraint.Name).Append(' ').AppendLine(Number(rhs));

        var ranged = constraints.Where(IsRanged).ToList();
        if (ranged.Count > 0)
        {
            text.AppendLine("RANGES");
            foreach (var constraint in ranged)
                text.Append("    RNG ").Append(constraint.Name).Append(' ').AppendLine(Number(constraint.Upper!.Value - constraint.Lower!.Value));
        }

        text.AppendLine("BOUNDS");
        foreach (var variable in problem.Variables) WriteBounds(text, variable);
        text.AppendLine("ENDATA");
        return text.ToString();
    }

    private static void WriteBounds(StringBuilder text, LpVariable variable)
    {
        var name = variable.Name;
        var (lower, upper) = (variable.Lower, variable.Upper);
        if (lower is { } l && upper is { } u && l == u) { Bound(text, "FX", name, l); return; }
        if (lower is null && upper is null) { Bound(text, "FR", name, null); return; }
        if (lower is null) Bound(text, "MI", name, null);
        else if (lower != 0 || (variable.Integer && upper is null)) Bound(text, "LO", name, lower);
        if (upper is { } up) Bound(text, "UP", name, up);
        // An integer column with no stated upper bound is binary to some readers: say +∞ explicitly.
        else if (variable.Integer) Bound(text, "PL", name, null);
    }

    private static void Bound(StringBuilder text, string type, string name, double? value)
    {
        text.Append(' ').Append(type).Append(" BND ").Append(name);
        if (value is { } v) text.Append(' ').Append(Number(v));
        text.AppendLine();
    }

    private static char RowType(LpConstraint constraint) => (constraint.Lower, constraint.Upper) switch
    {
        (null, null) => 'N', // a free row: kept as a later N row, which readers drop, as it constrains nothing
        (null, _) => 'L',
        (_, null) => 'G',
        _ => 'E',
    };

    private static double? Rhs(LpConstraint constraint) => constraint.Lower ?? constraint.Upper;

    private static bool IsRanged(LpConstraint constraint) =>
        constraint.Lower is { } l && constraint.Upper is { } u && l != u;

    private static string UnusedName(string name, IEnumerable<string> taken)
    {
        var set = taken.ToHashSet(StringComparer.Ordinal);
        var candidate = name;
        for (var k = 1; set.Contains(candidate); k++) candidate = name + "_" + k.ToString(CultureInfo.InvariantCulture);
        return candidate;
    }

    internal static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
