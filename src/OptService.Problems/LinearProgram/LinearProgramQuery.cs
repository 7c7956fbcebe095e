using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>The options of the text routes (<c>/mps</c>, <c>/lp</c>) as query parameters.</summary>
internal static class LinearProgramQuery
{
    public static IReadOnlyList<QueryParameter> Parameters(LinearProgramLimits limits) =>
    [
        new("solver", typeof(string), "auto (default), glop, pdlp, highs, scip or cbc.")
            { AllowedValues = ["auto", "glop", "pdlp", "highs", "scip", "cbc"], Default = "auto" },
        new("timeLimitSeconds", typeof(double), "Wall-clock limit of the solve in seconds (default from configuration).")
            { Minimum = 0, MinimumExclusive = true, Maximum = limits.MaxTimeLimitSeconds },
        new("relativeGap", typeof(double), "MIP: stop when |objective − bound| ≤ relativeGap·|objective| (default 0: proven optimal).") { Minimum = 0 },
        new("absoluteGap", typeof(double), "MIP: stop when |objective − bound| ≤ absoluteGap (scip only).") { Minimum = 0 },
        new("threads", typeof(int), "Worker threads (pdlp, scip, highs).") { Minimum = 1, Maximum = limits.MaxThreads },
        new("presolve", typeof(bool), "true or false (default: the backend's default)."),
        new("solverParameters", typeof(string), "The backend's own parameter text (glop, pdlp: protobuf text; scip: name = value lines)."),
    ];

    /// <summary>Reads the options; range errors name the query parameter, not the JSON path they are stored under.</summary>
    public static LinearProgramOptions? ReadOptions(
        IReadOnlyDictionary<string, string> query, IReadOnlyList<QueryParameter> parameters, LinearProgramLimits limits, List<FieldError> errors)
    {
        QueryOptionReader.RejectUnknown(query, parameters, errors);
        if (!query.Keys.Any(key => parameters.Any(parameter => parameter.Name == key))) return null;
        var solver = LinearProgramSolver.Auto;
        if (query.TryGetValue("solver", out var solverText) && !Enum.TryParse(solverText, ignoreCase: true, out solver) || !Enum.IsDefined(solver))
        {
            errors.Add(new FieldError("solver", $"\"{solverText}\" is not one of auto, glop, pdlp, highs, scip, cbc"));
            solver = LinearProgramSolver.Auto;
        }
        bool? presolve = null;
        if (query.TryGetValue("presolve", out var presolveText))
        {
            if (bool.TryParse(presolveText, out var value)) presolve = value;
            else errors.Add(new FieldError("presolve", $"\"{presolveText}\" is not true or false"));
        }
        var options = new LinearProgramOptions
        {
            Solver = solver,
            TimeLimitSeconds = QueryOptionReader.ReadDouble(query, "timeLimitSeconds", errors),
            RelativeGap = QueryOptionReader.ReadDouble(query, "relativeGap", errors),
            AbsoluteGap = QueryOptionReader.ReadDouble(query, "absoluteGap", errors),
            Threads = QueryOptionReader.ReadInt(query, "threads", errors),
            Presolve = presolve,
            SolverParameters = query.TryGetValue("solverParameters", out var text) ? text : null,
        };
        // Option checks that need no model; the ones that do (integer variables) run again at acceptance.
        var probe = new LinearProgramProblem { Variables = [], Options = options };
        errors.AddRange(LinearProgramValidation.Validate(probe, limits)
            .Where(e => e.Path.StartsWith("$.options.", StringComparison.Ordinal))
            .Select(e => e with { Path = e.Path["$.options.".Length..] }));
        return options;
    }
}
