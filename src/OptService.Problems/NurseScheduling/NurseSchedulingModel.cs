using Google.OrTools.Sat;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The CP-SAT model of a roster: x[e,d,s] = 1 when person e works shift type s on day d, work[e,d] = 1 when
/// e works at all on day d. One method per constraint family; the objective is the benchmark's weighted
/// sum of unmet shift requests and cover deviations (FORMAT.md §5).
/// </summary>
internal sealed class NurseSchedulingModel
{
    private NurseSchedulingModel(RosterInstance instance)
    {
        Instance = instance;
        Model = new CpModel();
        X = new BoolVar[instance.StaffCount, instance.Days, instance.ShiftCount];
        Work = new BoolVar[instance.StaffCount, instance.Days];
        for (var e = 0; e < instance.StaffCount; e++)
            for (var d = 0; d < instance.Days; d++)
            {
                for (var s = 0; s < instance.ShiftCount; s++)
                    X[e, d, s] = Model.NewBoolVar($"x[{e},{d},{s}]");
                Work[e, d] = Model.NewBoolVar($"work[{e},{d}]");
            }
    }

    public RosterInstance Instance { get; }
    public CpModel Model { get; }
    public BoolVar[,,] X { get; }
    public BoolVar[,] Work { get; }

    /// <summary>Builds the hard constraints and, when <paramref name="withObjective"/>, the penalty objective.
    /// Enumeration builds no objective so that every solution is a distinct roster.</summary>
    public static NurseSchedulingModel Build(RosterInstance instance, bool withObjective)
    {
        var m = new NurseSchedulingModel(instance);
        m.BuildOneShiftPerDay();
        m.BuildDaysOff();
        m.BuildShiftRotation();
        m.BuildMaxShiftsPerType();
        m.BuildTotalMinutes();
        m.BuildMaxConsecutiveShifts();
        m.BuildMinConsecutiveShifts();
        m.BuildMinConsecutiveDaysOff();
        m.BuildMaxWeekends();
        m.BuildHardCoverBounds();
        if (withObjective) m.BuildObjective();
        return m;
    }

    private int Staff => Instance.StaffCount;
    private int Days => Instance.Days;
    private int Shifts => Instance.ShiftCount;

    private LinearExpr ShiftsOf(int e, int d) => LinearExpr.Sum(Enumerable.Range(0, Shifts).Select(s => X[e, d, s]));

    private LinearExpr PeopleOn(int d, int s) => LinearExpr.Sum(Enumerable.Range(0, Staff).Select(e => X[e, d, s]));

    // Each person works at most one shift a day; work[e,d] is that shift count (0 or 1).
    private void BuildOneShiftPerDay()
    {
        for (var e = 0; e < Staff; e++)
            for (var d = 0; d < Days; d++)
                Model.Add(ShiftsOf(e, d) == Work[e, d]);
    }

    // Nobody works on one of their fixed days off.
    private void BuildDaysOff()
    {
        for (var e = 0; e < Staff; e++)
            for (var d = 0; d < Days; d++)
                if (Instance.Staff[e].DayOff[d])
                    Model.Add(Work[e, d] == 0);
    }

    // A shift may not be followed the next day by one of its forbidden successors.
    private void BuildShiftRotation()
    {
        for (var s = 0; s < Shifts; s++)
            for (var t = 0; t < Shifts; t++)
            {
                if (!Instance.ForbiddenNext[s, t]) continue;
                for (var e = 0; e < Staff; e++)
                    for (var d = 0; d + 1 < Days; d++)
                        Model.AddBoolOr([X[e, d, s].Not(), X[e, d + 1, t].Not()]);
            }
    }

    // Each person works each shift type at most their maximum number of times (0 = never).
    private void BuildMaxShiftsPerType()
    {
        for (var e = 0; e < Staff; e++)
            for (var s = 0; s < Shifts; s++)
            {
                var max = Instance.Staff[e].MaxShifts[s];
                if (max >= Days) continue;
                Model.Add(LinearExpr.Sum(Enumerable.Range(0, Days).Select(d => X[e, d, s])) <= max);
            }
    }

    // Each person's worked minutes lie between their minimum and maximum total.
    private void BuildTotalMinutes()
    {
        for (var e = 0; e < Staff; e++)
        {
            var person = Instance.Staff[e];
            if (person.MinTotalMinutes is null && person.MaxTotalMinutes is null) continue;
            var vars = new List<IntVar>();
            var lengths = new List<long>();
            for (var d = 0; d < Days; d++)
                for (var s = 0; s < Shifts; s++)
                {
                    vars.Add(X[e, d, s]);
                    lengths.Add(Instance.ShiftLengths[s]);
                }
            var minutes = LinearExpr.WeightedSum(vars, lengths);
            if (person.MinTotalMinutes is { } min) Model.Add(minutes >= min);
            if (person.MaxTotalMinutes is { } max) Model.Add(minutes <= max);
        }
    }

    // Nobody works more than their maximum number of consecutive days: every window of max+1 days has a day off.
    private void BuildMaxConsecutiveShifts()
    {
        for (var e = 0; e < Staff; e++)
        {
            if (Instance.Staff[e].MaxConsecutiveShifts is not { } max || max >= Days) continue;
            for (var start = 0; start + max < Days; start++)
                Model.Add(LinearExpr.Sum(Enumerable.Range(start, max + 1).Select(d => Work[e, d])) <= max);
        }
    }

    // A run of working days strictly inside the horizon (off before and after) is at least the minimum long.
    // For each run length L < k and start d: work[d-1] or some day of d..d+L-1 off or work[d+L].
    private void BuildMinConsecutiveShifts()
    {
        for (var e = 0; e < Staff; e++)
        {
            if (Instance.Staff[e].MinConsecutiveShifts is not { } k) continue;
            for (var length = 1; length < k; length++)
                for (var d = 1; d + length <= Days - 1; d++)
                {
                    var clause = new List<ILiteral> { Work[e, d - 1], Work[e, d + length] };
                    for (var i = d; i < d + length; i++) clause.Add(Work[e, i].Not());
                    Model.AddBoolOr(clause);
                }
        }
    }

    // A run of days off strictly inside the horizon (worked before and after) is at least the minimum long.
    private void BuildMinConsecutiveDaysOff()
    {
        for (var e = 0; e < Staff; e++)
        {
            if (Instance.Staff[e].MinConsecutiveDaysOff is not { } k) continue;
            for (var length = 1; length < k; length++)
                for (var d = 1; d + length <= Days - 1; d++)
                {
                    var clause = new List<ILiteral> { Work[e, d - 1].Not(), Work[e, d + length].Not() };
                    for (var i = d; i < d + length; i++) clause.Add(Work[e, i]);
                    Model.AddBoolOr(clause);
                }
        }
    }

    // Each person works at most their maximum number of weekends; a weekend counts when Saturday or Sunday is worked.
    private void BuildMaxWeekends()
    {
        for (var e = 0; e < Staff; e++)
        {
            if (Instance.Staff[e].MaxWeekends is not { } max || max >= Instance.WeekendCount) continue;
            var weekends = new List<BoolVar>();
            for (var w = 0; w < Instance.WeekendCount; w++)
            {
                var worked = Model.NewBoolVar($"weekend[{e},{w}]");
                var sat = Work[e, RosterInstance.Saturday(w)];
                var sun = Work[e, RosterInstance.Saturday(w) + 1];
                // worked = sat OR sun, fully determined so that it adds no spurious solutions.
                Model.AddMaxEquality(worked, [sat, sun]);
                weekends.Add(worked);
            }
            Model.Add(LinearExpr.Sum(weekends) <= max);
        }
    }

    // Where a cover entry has hard bounds, the number of people on that shift lies within them.
    private void BuildHardCoverBounds()
    {
        foreach (var c in Instance.Cover)
        {
            if (c.Minimum is { } min) Model.Add(PeopleOn(c.Day, c.Shift) >= min);
            if (c.Maximum is { } max) Model.Add(PeopleOn(c.Day, c.Shift) <= max);
        }
    }

    // Minimise: Σ_on w(1 − x) + Σ_off w·x + Σ_cover (wu·under + wo·over), with n − over + under = requirement.
    private void BuildObjective()
    {
        var vars = new List<IntVar>();
        var weights = new List<long>();
        long constant = 0;
        foreach (var r in Instance.OnRequests)
        {
            constant += r.Weight;
            vars.Add(X[r.Staff, r.Day, r.Shift]);
            weights.Add(-r.Weight);
        }
        foreach (var r in Instance.OffRequests)
        {
            vars.Add(X[r.Staff, r.Day, r.Shift]);
            weights.Add(r.Weight);
        }
        foreach (var c in Instance.Cover)
        {
            if (c.WeightUnder == 0 && c.WeightOver == 0) continue;
            var under = Model.NewIntVar(0, Math.Max(0, c.Requirement), $"under[{c.Day},{c.Shift}]");
            var over = Model.NewIntVar(0, Staff, $"over[{c.Day},{c.Shift}]");
            // Only at the optimum is one of under/over forced to 0; intermediate solutions may carry slack in
            // both, so the service reports the roster's recomputed penalty (RosterPenalty), never above this.
            // Pinning over = max(0, n − requirement) instead was measured slower to good rosters on Instance6.
            Model.Add(PeopleOn(c.Day, c.Shift) - over + under == c.Requirement);
            vars.Add(under);
            weights.Add(c.WeightUnder);
            vars.Add(over);
            weights.Add(c.WeightOver);
        }
        Model.Minimize(LinearExpr.WeightedSum(vars, weights) + constant);
    }
}
