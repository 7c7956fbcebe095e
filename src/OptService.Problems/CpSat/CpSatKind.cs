using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>
/// <c>POST /api/v1/jobs/cp-sat</c>: the user's own CP-SAT model (a <c>CpModelProto</c> as protobuf JSON, or as
/// binary protobuf at <c>/proto</c>), solved or enumerated by OR-Tools CP-SAT. Limits from <c>Kinds:cp-sat</c>.
/// </summary>
public sealed class CpSatKind : ProblemKind<CpSatProblem, CpSatResult>
{
    private readonly CpSatLimits _limits;

    public CpSatKind() : this(new CpSatLimits())
    {
    }

    public CpSatKind(IConfiguration configuration) : this(CpSatLimits.From(configuration))
    {
    }

    internal CpSatKind(CpSatLimits limits)
    {
        _limits = limits;
        InputFormats = [new CpSatProtoInputFormat(limits)];
    }

    public override string Name => "cp-sat";

    public override string Summary =>
        "Your own CP-SAT model (CpModelProto in protobuf's JSON mapping, as MessageToJson / JsonFormatter write it): " +
        "optimize, or enumerate every solution; SatParameters as JSON or text.";

    public override IReadOnlyList<IProblemInputFormat> InputFormats { get; }

    protected override CpSatProblem CreateExample() => CpSatExample.Problem();

    protected override IEnumerable<FieldError> Validate(CpSatProblem problem) => CpSatValidation.Validate(problem, _limits);

    protected override ProblemSummary Describe(CpSatProblem problem) => CpSatDescription.Of(problem);

    protected override Task<SolveReport> Solve(CpSatProblem problem, ISolveContext context) =>
        Task.FromResult(CpSatSolve.Run(problem, _limits, context));
}
