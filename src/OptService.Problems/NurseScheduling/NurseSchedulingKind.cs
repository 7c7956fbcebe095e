using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// <c>POST /api/v1/jobs/nurse-scheduling</c>: rosters on CP-SAT, from the 4-nurse reference problem (short
/// form, optimize or enumerate every roster) to the Curtois &amp; Qu hospital rostering rules (long form or
/// the benchmark text format at <c>/nrp</c>).
/// </summary>
public sealed class NurseSchedulingKind : ProblemKind<NurseSchedulingProblem, NurseSchedulingResult>
{
    private readonly NurseSchedulingLimits _limits;

    public NurseSchedulingKind() : this(new NurseSchedulingLimits())
    {
    }

    public NurseSchedulingKind(IConfiguration configuration) : this(NurseSchedulingLimits.From(configuration))
    {
    }

    internal NurseSchedulingKind(NurseSchedulingLimits limits)
    {
        _limits = limits;
        InputFormats = [new NrpInputFormat(limits)];
    }

    public override string Name => "nurse-scheduling";

    public override string Summary =>
        "Nurse rostering on CP-SAT: the reference 4-nurse roster (optimize or enumerate all) or hospital rules (shift types, contracts, requests, cover).";

    public override IReadOnlyList<IProblemInputFormat> InputFormats { get; }

    protected override NurseSchedulingProblem CreateExample() => new()
    {
        NurseCount = 4,
        DayCount = 3,
        ShiftsPerDay = 3,
        Mode = NurseSchedulingMode.Enumerate,
        MaxSolutions = 5,
    };

    protected override IEnumerable<FieldError> Validate(NurseSchedulingProblem problem) =>
        NurseSchedulingValidation.Validate(problem, _limits);

    protected override Task<SolveReport> Solve(NurseSchedulingProblem problem, ISolveContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var options = problem.Options ?? new NurseSolveOptions();
        var isShort = NurseSchedulingValidation.IsShortForm(problem);
        var instance = isShort
            ? RosterInstance.FromShortForm(problem.NurseCount!.Value, problem.DayCount!.Value, problem.ShiftsPerDay!.Value)
            : RosterInstance.FromLongForm(problem);
        var mode = isShort ? problem.Mode ?? NurseSchedulingMode.Optimize : NurseSchedulingMode.Optimize;
        context.Info($"nurse scheduling ({(isShort ? "short" : "long")} form, {mode.ToString().ToLowerInvariant()}): " +
            $"{instance.StaffCount} staff, {instance.Days} days, {instance.ShiftCount} shift types");

        if (InfeasibilityCheck.FindReason(instance) is { } reason)
        {
            context.Info("infeasible before solving: " + reason);
            var result = new NurseSchedulingResult
            {
                Outcome = SolveOutcome.Infeasible,
                Mode = mode,
                SolutionCount = mode == NurseSchedulingMode.Enumerate ? 0 : null,
                CountComplete = mode == NurseSchedulingMode.Enumerate ? true : null,
                Statistics = new SolverStatistics("not run", 0, 0, 0, 0, 0, 0),
            };
            return Task.FromResult(new SolveReport(SolveOutcome.Infeasible, null, result, reason));
        }

        var report = mode == NurseSchedulingMode.Enumerate
            ? NurseSchedulingSolver.Enumerate(NurseSchedulingModel.Build(instance, withObjective: false), problem.MaxSolutions ?? 5, options, _limits, context)
            : NurseSchedulingSolver.Optimize(instance, options, _limits, context, clock);
        return Task.FromResult(report);
    }
}
