using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// <c>POST /api/v1/jobs/linear-program</c>: the user's own LP or MIP, as a JSON model or as MPS
/// (<c>/mps</c>) or CPLEX LP (<c>/lp</c>) text, solved by an OR-Tools MPSolver backend in the solver host
/// process. Limits come from configuration section <c>Kinds:linear-program</c>.
/// </summary>
public sealed class LinearProgramKind : ProblemKind<LinearProgramProblem, LinearProgramResult>
{
    private readonly LinearProgramLimits _limits;

    public LinearProgramKind(IConfiguration configuration) : this(LinearProgramLimits.From(configuration))
    {
    }

    internal LinearProgramKind(LinearProgramLimits limits)
    {
        _limits = limits;
        InputFormats = [new MpsInputFormat(limits), new LpInputFormat(limits)];
    }

    public override string Name => "linear-program";

    public override string Summary =>
        "Your own linear or mixed-integer program (JSON model, MPS or CPLEX LP): GLOP, PDLP, HiGHS, SCIP or CBC; duals and reduced costs for LPs.";

    public override IReadOnlyList<IProblemInputFormat> InputFormats { get; }

    protected override LinearProgramProblem CreateExample() => LinearProgramExample.Production;

    protected override IEnumerable<FieldError> Validate(LinearProgramProblem problem) => LinearProgramValidation.Validate(problem, _limits);

    protected override ProblemSummary Describe(LinearProgramProblem problem) => LinearProgramDescription.Of(problem);

    protected override Task<SolveReport> Solve(LinearProgramProblem problem, ISolveContext context) =>
        LinearProgramSolve.RunAsync(problem, _limits, context);
}
