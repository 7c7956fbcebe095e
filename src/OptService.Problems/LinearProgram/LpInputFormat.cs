using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary><c>POST /api/v1/jobs/linear-program/lp</c>: a CPLEX LP file as text, options as query parameters.</summary>
public sealed class LpInputFormat(LinearProgramLimits limits) : ITextProblemInputFormat
{
    public string Name => "lp";
    public string ContentType => "text/plain";
    public string Summary =>
        "Linear or mixed-integer program in CPLEX LP format (as PuLP's writeLP, Pyomo, HiGHS and OR-Tools write it), converted to the JSON model.";

    public IReadOnlyList<QueryParameter> QueryParameters { get; } = LinearProgramQuery.Parameters(limits);

    public string ExampleBody => """
        \ A two-product production plan
        Maximize
         profit: 45 chairs + 80 tables
        Subject To
         wood: 5 chairs + 20 tables <= 400
         labour: 10 chairs + 15 tables <= 450
        Bounds
         chairs >= 0
         tables >= 0
        End
        """;

    public InputConversion Convert(string body, IReadOnlyDictionary<string, string> query)
    {
        var errors = new List<FieldError>();
        var options = LinearProgramQuery.ReadOptions(query, QueryParameters, limits, errors);
        var (problem, parseErrors) = LpFormatReader.Read(body, options, limits);
        errors.AddRange(parseErrors);
        return errors.Count > 0 || problem is null ? InputConversion.Fail(errors) : InputConversion.Ok(problem);
    }
}
