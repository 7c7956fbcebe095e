using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The roster instance ready to solve: one shape for both input forms, the mode, or the reason the rules cannot hold
/// (found before any model is built).
/// </summary>
internal sealed record NurseSchedulingBuild(
    RosterInstance Instance, NurseSchedulingMode Mode, int Keep, NurseSolveOptions Options, string? InfeasibleReason);

/// <summary>
/// Build the roster instance, solve it (<see cref="NurseSchedulingSolver"/>: the CP-SAT model of everybody for small
/// instances, construction and neighbourhood search for large ones, or enumeration), and extract the roster(s) and the
/// verdict. The CP-SAT models are built inside the solve step because which model (and how many) depends on the
/// instance's size, and the time limit counts model building.
/// </summary>
internal static class NurseSchedulingSolve
{
    public static SolveReport<NurseSchedulingResult> Run(NurseSchedulingProblem problem, NurseSchedulingLimits limits, ISolveContext context)
    {
        // The time limit counts from the job's start (SolveDeadline): deserializing, model building and
        // construction included. Every phase below reads what is left from this one deadline.
        var deadline = SolveDeadline.Of(context, problem.Options?.TimeLimitSeconds ?? limits.DefaultTimeLimitSeconds);
        var build = Build(problem, context);
        if (build.InfeasibleReason is { } reason) return Infeasible(build, reason);
        if (build.Mode == NurseSchedulingMode.Enumerate)
        {
            // Enumeration visits every roster anyway: a start would change only the order of the first ones kept.
            if (context.WarmStart is { } warmStart) context.Warn($"warm start: enumerate mode does not use the roster of job {warmStart.JobId}");
            return NurseSchedulingSolver.Enumerate(NurseSchedulingModel.ForEnumeration(build.Instance), build.Keep, limits, context, deadline);
        }
        return NurseSchedulingSolver.Optimize(build.Instance, build.Options, limits, context, deadline, RosterWarmStart.Read(build.Instance, context));
    }

    /// <summary>The instance in one shape for both forms, and the quick infeasibility check.</summary>
    public static NurseSchedulingBuild Build(NurseSchedulingProblem problem, ISolveContext context)
    {
        var options = problem.Options ?? new NurseSolveOptions();
        var isShort = NurseSchedulingValidation.IsShortForm(problem);
        var instance = isShort
            ? RosterInstance.FromShortForm(problem.NurseCount!.Value, problem.DayCount!.Value, problem.ShiftsPerDay!.Value)
            : RosterInstance.FromLongForm(problem);
        var mode = isShort ? problem.Mode ?? NurseSchedulingMode.Optimize : NurseSchedulingMode.Optimize;
        var keep = problem.MaxSolutions ?? 5;
        context.Info($"nurse scheduling ({(isShort ? "short" : "long")} form, {mode.ToString().ToLowerInvariant()}): " +
            $"{instance.StaffCount} staff, {instance.Days} days, {instance.ShiftCount} shift types");

        if (InfeasibilityCheck.FindReason(instance) is { } reason)
        {
            context.Info("infeasible before solving: " + reason);
            return new NurseSchedulingBuild(instance, mode, keep, options, reason);
        }
        return new NurseSchedulingBuild(instance, mode, keep, options, null);
    }

    private static SolveReport<NurseSchedulingResult> Infeasible(NurseSchedulingBuild build, string reason)
    {
        var enumerate = build.Mode == NurseSchedulingMode.Enumerate;
        var result = new NurseSchedulingResult
        {
            Outcome = SolveOutcome.Infeasible,
            Mode = build.Mode,
            SolutionCount = enumerate ? 0 : null,
            CountComplete = enumerate ? true : null,
            Statistics = new SolverStatistics("not run", 0, 0, 0, 0, 0, 0),
        };
        return new SolveReport<NurseSchedulingResult>(SolveOutcome.Infeasible, null, result, reason);
    }
}
