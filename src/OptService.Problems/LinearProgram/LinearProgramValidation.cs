using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>Every problem of a linear program at once, each with its JSON path.</summary>
internal static class LinearProgramValidation
{
    /// <summary>The service-wide limit on names (they are echoed in logs and files).</summary>
    private const int MaxModelNameLength = 200;

    public static IEnumerable<FieldError> Validate(LinearProgramProblem problem, LinearProgramLimits limits)
    {
        var errors = new List<FieldError>();
        var variables = problem.Variables ?? [];
        var constraints = problem.Constraints ?? [];
        if (problem.Variables is null) errors.Add(new("$.variables", "required: the list of variables"));
        if (problem.Name is { Length: > MaxModelNameLength }) errors.Add(new("$.name", Invariant($"at most {MaxModelNameLength} characters")));
        if (variables.Count > limits.MaxVariables)
            return [new("$.variables", Invariant($"{variables.Count} variables; at most {limits.MaxVariables} are accepted (Kinds:linear-program:MaxVariables)"))];
        if (constraints.Count > limits.MaxConstraints)
            return [new("$.constraints", Invariant($"{constraints.Count} constraints; at most {limits.MaxConstraints} are accepted (Kinds:linear-program:MaxConstraints)"))];
        long nonzeros = (problem.Objective?.Terms?.Count ?? 0) + constraints.Sum(c => (long)(c?.Terms?.Count ?? 0));
        if (nonzeros > limits.MaxNonzeros)
            return [new("$.constraints", Invariant($"{nonzeros} nonzero coefficients; at most {limits.MaxNonzeros} are accepted (Kinds:linear-program:MaxNonzeros)"))];

        var columns = TermColumns.Of(problem);
        for (var j = 0; j < variables.Count && errors.Count <= FieldError.MaxReported; j++)
        {
            var variable = variables[j];
            // Paths are built only for an error: a model of 10⁵ variables would otherwise format 10⁵ of them for nothing.
            var at = new ItemPath("variables", j);
            if (variable is null) { errors.Add(new(at.Path(), "must be an object with a name")); continue; }
            CheckName(variable.Name, at, limits, errors);
            if (variable.Name is { } name && columns.FirstWithName(j) is var first && first != j)
                errors.Add(new(at.Path(".name"), $"'{Clip(name)}' is also the name of variables[{first}]; names must be unique"));
            CheckBounds(variable.Lower, variable.Upper, at, errors);
        }

        var constraintNames = new Dictionary<string, int>(constraints.Count, StringComparer.Ordinal);
        var seen = new int[variables.Count]; // duplicate detection within one expression: stamp = expression number + 1
        for (var i = 0; i < constraints.Count && errors.Count <= FieldError.MaxReported; i++)
        {
            var constraint = constraints[i];
            var at = new ItemPath("constraints", i);
            if (constraint is null) { errors.Add(new(at.Path(), "must be an object with a name and terms")); continue; }
            CheckName(constraint.Name, at, limits, errors);
            if (constraint.Name is { } name && !constraintNames.TryAdd(name, i))
                errors.Add(new(at.Path(".name"), $"'{Clip(name)}' is also the name of constraints[{constraintNames[name]}]; names must be unique"));
            if (constraint.Terms is null) errors.Add(new(at.Path(".terms"), "required: an object of variable name → coefficient"));
            else CheckTerms(constraint.Terms, at, columns, seen, i + 1, errors);
            CheckBounds(constraint.Lower, constraint.Upper, at, errors);
        }
        if (problem.Objective is { } objective)
        {
            if (objective.Terms is null) errors.Add(new("$.objective.terms", "must be an object of variable name → coefficient"));
            else CheckTerms(objective.Terms, ItemPath.Objective, columns, seen, constraints.Count + 1, errors);
            if (!double.IsFinite(objective.Offset)) errors.Add(new("$.objective.offset", "must be a finite number"));
        }
        if (problem.Options is { } options) CheckOptions(options, variables.Any(v => v?.Integer == true), limits, errors);
        return errors;
    }

    private static void CheckOptions(LinearProgramOptions options, bool hasIntegers, LinearProgramLimits limits, List<FieldError> errors)
    {
        var name = options.Solver.ToString().ToLowerInvariant();
        if (hasIntegers && SolverChoice.IsLpOnly(options.Solver))
            errors.Add(new("$.options.solver", $"{name} solves continuous models only and this model has integer variables; use auto, scip, highs or cbc"));
        if (!Enum.IsDefined(options.Solver)) errors.Add(new("$.options.solver", "one of auto, glop, pdlp, highs, scip, cbc"));
        if (options.TimeLimitSeconds is { } limit && (!(limit > 0) || limit > limits.MaxTimeLimitSeconds))
            errors.Add(new("$.options.timeLimitSeconds", Invariant($"must be more than 0 and at most {limits.MaxTimeLimitSeconds}")));
        if (options.RelativeGap is { } relative && !(relative >= 0 && relative <= 1))
            errors.Add(new("$.options.relativeGap", "must be from 0 to 1"));
        if (options.AbsoluteGap is { } absolute && !(absolute >= 0 && double.IsFinite(absolute)))
            errors.Add(new("$.options.absoluteGap", "must be a number ≥ 0"));
        if (options.AbsoluteGap is not null && options.Solver is LinearProgramSolver.Cbc or LinearProgramSolver.Highs)
            errors.Add(new("$.options.absoluteGap", $"OR-Tools passes no absolute gap to {name}; use relativeGap, or scip"));
        if (options.Threads is { } threads && (threads < 1 || threads > limits.MaxThreads))
            errors.Add(new("$.options.threads", Invariant($"must be from 1 to {limits.MaxThreads}")));
        if (options.SolverParameters is { } text)
        {
            if (text.Length > limits.MaxSolverParametersLength)
                errors.Add(new("$.options.solverParameters", Invariant($"at most {limits.MaxSolverParametersLength} characters")));
            if (options.Solver == LinearProgramSolver.Auto && text.Length > 0)
                errors.Add(new("$.options.solverParameters", "name the solver (glop, pdlp or scip) the parameter text is for; auto may pick either of two backends"));
            else if (text.Length > 0 && !SolverChoice.TakesParameterText(options.Solver))
                errors.Add(new("$.options.solverParameters", $"OR-Tools passes no parameter text to {name} (only to glop, pdlp and scip)"));
        }
    }

    private static void CheckTerms(LinearTerms terms, ItemPath at, TermColumns columns, int[] seen, int stamp, List<FieldError> errors)
    {
        var columnOfName = columns.ColumnOfName(terms);
        var names = terms.NameIds;
        var coefficients = terms.Coefficients;
        for (var k = 0; k < names.Length && errors.Count <= FieldError.MaxReported; k++)
        {
            var j = columnOfName[names[k]];
            if (j == TermColumns.Unknown)
                errors.Add(new(at.Term(terms.Names[k]), "no variable has this name"));
            else if (seen[j] == stamp)
                errors.Add(new(at.Term(terms.Names[k]), "the variable appears twice in one expression"));
            else seen[j] = stamp;
            if (!double.IsFinite(coefficients[k])) errors.Add(new(at.Term(terms.Names[k]), "must be a finite number"));
        }
    }

    private static void CheckName(string? name, ItemPath at, LinearProgramLimits limits, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(name)) errors.Add(new(at.Path(".name"), "required, not empty"));
        else if (name.Length > limits.MaxNameLength) errors.Add(new(at.Path(".name"), Invariant($"at most {limits.MaxNameLength} characters")));
    }

    private static void CheckBounds(double? lower, double? upper, ItemPath at, List<FieldError> errors)
    {
        // A number too large for a double reads as ±∞: refuse it (absent = unbounded; |value| ≥ 1e30 counts as infinite).
        if (lower is { } l && !double.IsFinite(l)) errors.Add(new(at.Path(".lower"), "must be a finite number; leave it out for no bound"));
        if (upper is { } u && !double.IsFinite(u)) errors.Add(new(at.Path(".upper"), "must be a finite number; leave it out for no bound"));
        if (lower > upper) errors.Add(new(at.Path(".lower"), Invariant($"lower {lower} is above upper {upper}")));
    }

    /// <summary>Where an item sits (<c>$.variables[3]</c>, <c>$.objective</c>), formatted only when an error names it.</summary>
    private readonly record struct ItemPath(string? Collection, int Index)
    {
        public static ItemPath Objective => new(null, -1);

        public string Path(string suffix = "") =>
            Collection is null ? "$.objective" + suffix : Invariant($"$.{Collection}[{Index}]{suffix}");

        public string Term(string name) => Path(".terms") + "['" + Clip(name) + "']";
    }

    private static string Clip(string name) => name.Length <= 100 ? name : name[..100] + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
