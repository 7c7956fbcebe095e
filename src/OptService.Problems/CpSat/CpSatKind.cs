using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>
/// <c>POST /api/v1/jobs/cp-sat</c>: the user's own CP-SAT model (a <c>CpModelProto</c> as protobuf JSON, or as
/// binary protobuf at <c>/proto</c>), solved or enumerated by OR-Tools CP-SAT. Limits from <c>Kinds:cp-sat</c>.
/// </summary>
public sealed class CpSatKind(CpSatLimits limits) : ProblemKind<CpSatProblem, CpSatResult>
{
    public const string KindName = "cp-sat";

    /// <summary>The service's constructor: limits bound from <c>Kinds:cp-sat</c>.</summary>
    public CpSatKind(IConfiguration configuration) : this(KindLimits.Bind<CpSatLimits>(configuration, KindName))
    {
    }

    public override string Name => KindName;

    public override string Summary =>
        "Your own CP-SAT model (CpModelProto in protobuf's JSON mapping, as MessageToJson / JsonFormatter write it): " +
        "optimize, or enumerate every solution; SatParameters as JSON or text.";

    public override IReadOnlyList<IProblemInputFormat> InputFormats { get; } = [new CpSatProtoInputFormat(limits)];

    protected override CpSatProblem CreateExample() => CpSatExample.Problem();

    protected override IEnumerable<FieldError> Validate(CpSatProblem problem) => CpSatValidation.Validate(problem, limits);

    protected override ProblemSummary Describe(CpSatProblem problem) => CpSatDescription.Of(problem);

    protected override long? EstimateMemoryBytes(CpSatProblem problem) => CpSatMemory.Estimate(problem);

    protected override Task<SolveReport<CpSatResult>> Solve(CpSatProblem problem, ISolveContext context) =>
        Task.FromResult(CpSatSolve.Run(problem, limits, context));
}
