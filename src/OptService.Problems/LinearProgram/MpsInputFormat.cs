using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary><c>POST /api/v1/jobs/linear-program/mps</c>: a fixed or free MPS file as text, options as query parameters.</summary>
public sealed class MpsInputFormat(LinearProgramLimits limits) : ITextProblemInputFormat
{
    public string Name => "mps";
    public string ContentType => "text/plain";
    public string Summary =>
        "Linear or mixed-integer program in fixed or free MPS (as PuLP's writeMPS, Pyomo, HiGHS, OR-Tools and the Netlib/MIPLIB sets write it), converted to the JSON model.";

    public IReadOnlyList<QueryParameter> QueryParameters { get; } = LinearProgramQuery.Parameters(limits);

    public string ExampleBody => """
        NAME          EXAMPLE
        ROWS
         N  COST
         L  LIM1
         G  LIM2
         E  MYEQN
        COLUMNS
            X1        COST         1.0   LIM1         1.0
            X1        LIM2         1.0
            X2        COST         2.0   LIM1         1.0
            X2        MYEQN       -1.0
            X3        COST        -1.0   MYEQN        1.0
        RHS
            RHS       LIM1         4.0   LIM2         1.0
            RHS       MYEQN        7.0
        BOUNDS
         UP BND       X1           4.0
         LO BND       X2          -1.0
         UP BND       X2           1.0
        ENDATA
        """;

    public InputConversion Convert(string body, IReadOnlyDictionary<string, string> query)
    {
        var errors = new List<FieldError>();
        var options = LinearProgramQuery.ReadOptions(query, QueryParameters, limits, errors);
        var (problem, parseErrors) = MpsReader.Read(body, options, limits);
        errors.AddRange(parseErrors);
        return errors.Count > 0 || problem is null ? InputConversion.Fail(errors) : InputConversion.Ok(problem);
    }
}
