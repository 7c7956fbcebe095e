using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// <c>POST /api/v1/jobs/nurse-scheduling</c>: rosters on CP-SAT, from the 4-nurse reference problem (short
/// form, optimize or enumerate every roster) to the Curtois &amp; Qu hospital rostering rules (long form or
/// the benchmark text format at <c>/nrp</c>). Limits come from configuration section <c>Kinds:nurse-scheduling</c>.
/// </summary>
public sealed class NurseSchedulingKind(NurseSchedulingLimits limits) : ProblemKind<NurseSchedulingProblem, NurseSchedulingResult>
{
    public const string KindName = "nurse-scheduling";

    /// <summary>The service's constructor: limits bound from <c>Kinds:nurse-scheduling</c>.</summary>
    public NurseSchedulingKind(IConfiguration configuration) : this(KindLimits.Bind<NurseSchedulingLimits>(configuration, KindName))
    {
    }

    public override string Name => KindName;

    public override string Summary =>
        "Nurse rostering on CP-SAT: the reference 4-nurse roster (optimize or enumerate all) or hospital rules (shift types, contracts, requests, cover).";

    public override IReadOnlyList<IProblemInputFormat> InputFormats { get; } = [new NrpInputFormat(limits)];

    protected override NurseSchedulingProblem CreateExample() => new()
    {
        NurseCount = 4,
        DayCount = 3,
        ShiftsPerDay = 3,
        Mode = NurseSchedulingMode.Enumerate,
        MaxSolutions = 5,
    };

    protected override IEnumerable<FieldError> Validate(NurseSchedulingProblem problem) =>
        NurseSchedulingValidation.Validate(problem, limits);

    protected override ProblemSummary Describe(NurseSchedulingProblem problem) => NurseSchedulingDescription.Of(problem);

    protected override long? EstimateMemoryBytes(NurseSchedulingProblem problem) => NurseSchedulingMemory.Estimate(problem);

    protected override Task<SolveReport<NurseSchedulingResult>> Solve(NurseSchedulingProblem problem, ISolveContext context) =>
        Task.FromResult(NurseSchedulingSolve.Run(problem, limits, context));
}
