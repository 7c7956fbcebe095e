using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// <c>POST /api/v1/jobs/linear-program</c>: the user's own LP or MIP, as a JSON model or as MPS
/// (<c>/mps</c>) or CPLEX LP (<c>/lp</c>) text, solved by an OR-Tools MPSolver backend in the solver host
/// process. Limits come from configuration section <c>Kinds:linear-program</c>.
/// </summary>
public sealed class LinearProgramKind(LinearProgramLimits limits) : ProblemKind<LinearProgramProblem, LinearProgramResult>
{
    public const string KindName = "linear-program";

    /// <summary>The service's constructor: limits bound from <c>Kinds:linear-program</c>.</summary>
    public LinearProgramKind(IConfiguration configuration) : this(KindLimits.Bind<LinearProgramLimits>(configuration, KindName))
    {
    }

    public override string Name => KindName;

    public override string Summary =>
        "Your own linear or mixed-integer program (JSON model, MPS or CPLEX LP): GLOP, PDLP, HiGHS, SCIP or CBC; duals and reduced costs for LPs.";

    public override IReadOnlyList<IProblemInputFormat> InputFormats { get; } = [new MpsInputFormat(limits), new LpInputFormat(limits)];

    protected override LinearProgramProblem CreateExample() => LinearProgramExample.Production;

    /// <summary>In one pass over the bytes (<see cref="LinearProgramJsonReader"/>): a model may have millions of terms.</summary>
    protected override LinearProgramProblem? ReadJson(ReadOnlySpan<byte> utf8Json) => LinearProgramJsonReader.Read(utf8Json);

    protected override IEnumerable<FieldError> Validate(LinearProgramProblem problem) => LinearProgramValidation.Validate(problem, limits);

    protected override ProblemSummary Describe(LinearProgramProblem problem) => LinearProgramDescription.Of(problem);

    protected override long? EstimateMemoryBytes(LinearProgramProblem problem) => LinearProgramMemory.Estimate(problem);

    protected override Task<SolveReport<LinearProgramResult>> Solve(LinearProgramProblem problem, ISolveContext context) =>
        LinearProgramSolve.RunAsync(problem, limits, context);
}
