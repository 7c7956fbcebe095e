namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The peak memory of a roster solve from its size: one Boolean per staff member, shift type and day,
/// about 1 KB each once CP-SAT holds the model, its presolved copy and the constraints over it, plus a
/// fixed 64 MB. This is the budget the rostering model is held to (issue 10: every benchmark instance
/// whose model fits in 2 GB is admitted; Instance24, 150 × 32 × 364, estimates 1.8 GB). A model that
/// grows past its limit anyway is stopped by the worker's memory watch.
/// </summary>
internal static class NurseSchedulingMemory
{
    private const long BytesPerVariable = 1_024;
    private const long Fixed = 64L << 20;

    public static long Estimate(NurseSchedulingProblem problem)
    {
        long variables = NurseSchedulingValidation.IsShortForm(problem)
            ? (long)(problem.NurseCount ?? 0) * (problem.DayCount ?? 0) * (problem.ShiftsPerDay ?? 0)
            : (long)(problem.Staff?.Count ?? 0) * (problem.ShiftTypes?.Count ?? 0) * (problem.HorizonDays ?? 0);
        return Fixed + BytesPerVariable * variables;
    }
}
