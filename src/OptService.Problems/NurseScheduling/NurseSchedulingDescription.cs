using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>What <c>?validateOnly=true</c> says about a valid nurse-scheduling problem: the roster's size and what CP-SAT would do.</summary>
internal static class NurseSchedulingDescription
{
    public static ProblemSummary Of(NurseSchedulingProblem problem)
    {
        var isShort = NurseSchedulingValidation.IsShortForm(problem);
        var instance = isShort
            ? RosterInstance.FromShortForm(problem.NurseCount!.Value, problem.DayCount!.Value, problem.ShiftsPerDay!.Value)
            : RosterInstance.FromLongForm(problem);
        var mode = isShort ? problem.Mode ?? NurseSchedulingMode.Optimize : NurseSchedulingMode.Optimize;
        var sizes = new Dictionary<string, long>
        {
            ["staff"] = instance.StaffCount,
            ["days"] = instance.Days,
            ["shiftTypes"] = instance.ShiftCount,
        };
        if (!isShort)
        {
            sizes["shiftOnRequests"] = problem.ShiftOnRequests?.Count ?? 0;
            sizes["shiftOffRequests"] = problem.ShiftOffRequests?.Count ?? 0;
            sizes["coverRequirements"] = problem.Cover?.Count ?? 0;
        }
        return new ProblemSummary(sizes, "cp-sat",
            mode == NurseSchedulingMode.Enumerate
                ? "short form, enumerate: CP-SAT counts every roster"
                : $"{(isShort ? "short" : "long")} form, optimize: CP-SAT minimizes the weighted penalties");
    }
}
