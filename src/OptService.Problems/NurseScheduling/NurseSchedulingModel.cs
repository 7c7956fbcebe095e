using Google.OrTools.Sat;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The CP-SAT model of a roster: x[e,d,s] = 1 when person e works shift type s on day d, work[e,d] = 1 when
/// e works at all on day d. One method per constraint family; the objective is the benchmark's weighted
/// sum of unmet shift requests and cover deviations (FORMAT.md §5).
/// </summary>
/// <remarks>
/// Compact by construction, because a year for 100–150 people is 0.6–1.7 million (person, day, type) cells:
/// a type a person may never work gets no variable (x is null), and a forbidden succession is one
/// at-most-one per (person, day, shift) instead of one clause per forbidden pair (Instance24 had ~27 million
/// such clauses). A neighbourhood model (<see cref="BuildNeighbourhood"/>) has variables for a few free
/// people only; everybody else's shifts are constants that count towards cover.
/// </remarks>
internal sealed class NurseSchedulingModel
{
    private readonly int[,] _fixedCover;
    private readonly bool _lean;

    private NurseSchedulingModel(RosterInstance instance, IReadOnlyList<int> freeStaff, int[,] fixedCover, bool lean = false)
    {
        Instance = instance;
        FreeStaff = freeStaff;
        _fixedCover = fixedCover;
        _lean = lean;
        Model = new CpModel();
        X = new BoolVar?[instance.StaffCount, instance.Days, instance.ShiftCount];
        Work = new BoolVar?[instance.StaffCount, instance.Days];
        foreach (var e in freeStaff)
        {
            var person = instance.Staff[e];
            for (var d = 0; d < instance.Days; d++)
            {
                for (var s = 0; s < instance.ShiftCount; s++)
                    if (person.MaxShifts[s] > 0)
                        X[e, d, s] = Model.NewBoolVar($"x[{e},{d},{s}]");
                if (!lean || NeedsWorkVariables(person, instance))
                    Work[e, d] = Model.NewBoolVar($"work[{e},{d}]");
            }
        }
    }

    public RosterInstance Instance { get; }
    public CpModel Model { get; }

    /// <summary>The people with variables (everybody in a full model).</summary>
    public IReadOnlyList<int> FreeStaff { get; }

    /// <summary>x[e,d,s]; null when e is not free or may never work s.</summary>
    public BoolVar?[,,] X { get; }

    /// <summary>work[e,d]; null when e is not free, or in an enumeration model when no rule of e needs it.</summary>
    public BoolVar?[,] Work { get; }

    /// <summary>Builds the hard constraints and, when <paramref name="withObjective"/>, the penalty objective.
    /// Enumeration builds no objective so that every solution is a distinct roster.</summary>
    public static NurseSchedulingModel Build(RosterInstance instance, bool withObjective)
    {
        var m = new NurseSchedulingModel(instance, Enumerable.Range(0, instance.StaffCount).ToList(),
            new int[instance.Days, instance.ShiftCount]);
        m.BuildAll(withObjective);
        return m;
    }

    /// <summary>
    /// The model that enumeration counts: the hard constraints only, and nothing CP-SAT would have to re-decide
    /// for each of thousands of solutions that the rules do not need. A person whose rules never look at
    /// "works on day d" (no days off, consecutive-day or weekend limits: the short form) gets no work[e,d],
    /// only an at-most-one over that day's shifts; a cover with equal hard bounds is one equality. Both are
    /// the same solutions as <see cref="Build"/>'s model (work[e,d] is determined by the x of that day).
    /// When the people are interchangeable, one roster per class of renamings (<see cref="SolutionsAreClasses"/>).
    /// </summary>
    public static NurseSchedulingModel BuildForEnumeration(RosterInstance instance)
    {
        var m = new NurseSchedulingModel(instance, Enumerable.Range(0, instance.StaffCount).ToList(),
            new int[instance.Days, instance.ShiftCount], lean: true);
        m.BuildAll(withObjective: false);
        if (InterchangeableStaff.Applies(instance))
        {
            InterchangeableStaff.AddPrecedence(m);
            m.SolutionsAreClasses = true;
        }
        return m;
    }

    /// <summary>Each solution stands for its class of renamed rosters (<see cref="InterchangeableStaff"/>).</summary>
    public bool SolutionsAreClasses { get; private set; }

    /// <summary>Whether a rule of this person is written over work[e,d] (days off, consecutive days, weekends).</summary>
    private static bool NeedsWorkVariables(StaffContract person, RosterInstance instance) =>
        person.DayOff.Any(off => off)
        || person.MaxConsecutiveShifts is { } maxRun && maxRun < instance.Days
        || person.MinConsecutiveShifts is not null
        || person.MinConsecutiveDaysOff is not null
        || person.MaxWeekends is { } maxWeekends && maxWeekends < instance.WeekendCount;

    /// <summary>
    /// The model of a neighbourhood: only <paramref name="freeStaff"/> get variables (hinted with their shifts in
    /// <paramref name="current"/>); the others keep their shifts in <paramref name="current"/>, which count towards
    /// cover when <paramref name="counted"/> says so (a person not yet rostered by the construction does not).
    /// Every hard rule is per person except hard cover bounds, so the others' rules hold unchanged.
    /// </summary>
    public static NurseSchedulingModel BuildNeighbourhood(RosterInstance instance, RosterGrid current, IReadOnlyList<int> freeStaff, bool[] counted, bool withObjective = true)
    {
        var free = new bool[instance.StaffCount];
        foreach (var e in freeStaff) free[e] = true;
        var fixedCover = new int[instance.Days, instance.ShiftCount];
        for (var e = 0; e < instance.StaffCount; e++)
        {
            if (free[e] || !counted[e]) continue;
            for (var d = 0; d < instance.Days; d++)
                if (current.Shift[e, d] != RosterGrid.Off) fixedCover[d, current.Shift[e, d]]++;
        }
        var m = new NurseSchedulingModel(instance, freeStaff, fixedCover);
        m.BuildAll(withObjective);
        foreach (var e in freeStaff)
            if (counted[e] || !withObjective)
                m.AddHint(e, current);
        return m;
    }

    private void BuildAll(bool withObjective)
    {
        BuildOneShiftPerDay();
        BuildDaysOff();
        BuildShiftRotation();
        BuildMaxShiftsPerType();
        BuildTotalMinutes();
        BuildMaxConsecutiveShifts();
        BuildMinConsecutiveShifts();
        BuildMinConsecutiveDaysOff();
        BuildMaxWeekends();
        BuildHardCoverBounds();
        if (withObjective) BuildObjective();
    }

    /// <summary>Hints person <paramref name="e"/>'s variables with the shifts of <paramref name="roster"/>.</summary>
    public void AddHint(int e, RosterGrid roster)
    {
        for (var d = 0; d < Days; d++)
        {
            var worked = roster.Shift[e, d];
            for (var s = 0; s < Shifts; s++)
                if (X[e, d, s] is { } x) Model.AddHint(x, worked == s ? 1 : 0);
            if (Work[e, d] is { } work) Model.AddHint(work, worked == RosterGrid.Off ? 0 : 1);
        }
    }

    private int Days => Instance.Days;
    private int Shifts => Instance.ShiftCount;

    private IEnumerable<BoolVar> ShiftsOf(int e, int d)
    {
        for (var s = 0; s < Shifts; s++)
            if (X[e, d, s] is { } x) yield return x;
    }

    private IEnumerable<BoolVar> PeopleOn(int d, int s)
    {
        foreach (var e in FreeStaff)
            if (X[e, d, s] is { } x) yield return x;
    }

    // Each person works at most one shift a day; work[e,d] is that shift count (0 or 1).
    private void BuildOneShiftPerDay()
    {
        foreach (var e in FreeStaff)
            for (var d = 0; d < Days; d++)
                if (Work[e, d] is { } work) Model.Add(LinearExpr.Sum(ShiftsOf(e, d)) == work);
                else Model.AddAtMostOne(ShiftsOf(e, d));
    }

    // Nobody works on one of their fixed days off.
    private void BuildDaysOff()
    {
        foreach (var e in FreeStaff)
            for (var d = 0; d < Days; d++)
                if (Instance.Staff[e].DayOff[d])
                    Model.Add(Work[e, d]! == 0);
    }

    // A shift may not be followed the next day by one of its forbidden successors: x[e,d,s] and the forbidden
    // successors of s on day d+1 form one at-most-one (a person works one shift a day anyway).
    private void BuildShiftRotation()
    {
        var successors = Enumerable.Range(0, Shifts)
            .Select(s => Enumerable.Range(0, Shifts).Where(t => Instance.ForbiddenNext[s, t]).ToArray()).ToArray();
        foreach (var e in FreeStaff)
            for (var d = 0; d + 1 < Days; d++)
                for (var s = 0; s < Shifts; s++)
                {
                    if (X[e, d, s] is not { } x || successors[s].Length == 0) continue;
                    var group = new List<ILiteral> { x };
                    foreach (var t in successors[s])
                        if (X[e, d + 1, t] is { } next) group.Add(next);
                    if (group.Count > 1) Model.AddAtMostOne(group);
                }
    }

    // Each person works each shift type at most their maximum number of times (0 = never: no variable at all).
    private void BuildMaxShiftsPerType()
    {
        foreach (var e in FreeStaff)
            for (var s = 0; s < Shifts; s++)
            {
                var max = Instance.Staff[e].MaxShifts[s];
                if (max == 0 || max >= Days) continue;
                var worked = new List<BoolVar>();
                for (var d = 0; d < Days; d++)
                    if (X[e, d, s] is { } x) worked.Add(x);
                Model.Add(LinearExpr.Sum(worked) <= max);
            }
    }

    // Each person's worked minutes lie between their minimum and maximum total.
    private void BuildTotalMinutes()
    {
        foreach (var e in FreeStaff)
        {
            var person = Instance.Staff[e];
            if (person.MinTotalMinutes is null && person.MaxTotalMinutes is null) continue;
            var vars = new List<IntVar>();
            var lengths = new List<long>();
            for (var d = 0; d < Days; d++)
                for (var s = 0; s < Shifts; s++)
                    if (X[e, d, s] is { } x)
                    {
                        vars.Add(x);
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
        foreach (var e in FreeStaff)
        {
            if (Instance.Staff[e].MaxConsecutiveShifts is not { } max || max >= Days) continue;
            for (var start = 0; start + max < Days; start++)
                Model.Add(LinearExpr.Sum(Enumerable.Range(start, max + 1).Select(d => Work[e, d]!)) <= max);
        }
    }

    // A run of working days strictly inside the horizon (off before and after) is at least the minimum long.
    // For each run length L < k and start d: work[d-1] or some day of d..d+L-1 off or work[d+L].
    private void BuildMinConsecutiveShifts()
    {
        foreach (var e in FreeStaff)
        {
            if (Instance.Staff[e].MinConsecutiveShifts is not { } k) continue;
            for (var length = 1; length < k; length++)
                for (var d = 1; d + length <= Days - 1; d++)
                {
                    var clause = new List<ILiteral> { Work[e, d - 1]!, Work[e, d + length]! };
                    for (var i = d; i < d + length; i++) clause.Add(Work[e, i]!.Not());
                    Model.AddBoolOr(clause);
                }
        }
    }

    // A run of days off strictly inside the horizon (worked before and after) is at least the minimum long.
    private void BuildMinConsecutiveDaysOff()
    {
        foreach (var e in FreeStaff)
        {
            if (Instance.Staff[e].MinConsecutiveDaysOff is not { } k) continue;
            for (var length = 1; length < k; length++)
                for (var d = 1; d + length <= Days - 1; d++)
                {
                    var clause = new List<ILiteral> { Work[e, d - 1]!.Not(), Work[e, d + length]!.Not() };
                    for (var i = d; i < d + length; i++) clause.Add(Work[e, i]!);
                    Model.AddBoolOr(clause);
                }
        }
    }

    // Each person works at most their maximum number of weekends; a weekend counts when Saturday or Sunday is worked.
    private void BuildMaxWeekends()
    {
        foreach (var e in FreeStaff)
        {
            if (Instance.Staff[e].MaxWeekends is not { } max || max >= Instance.WeekendCount) continue;
            var weekends = new List<BoolVar>();
            for (var w = 0; w < Instance.WeekendCount; w++)
            {
                var worked = Model.NewBoolVar($"weekend[{e},{w}]");
                var sat = Work[e, RosterInstance.Saturday(w)]!;
                var sun = Work[e, RosterInstance.Saturday(w) + 1]!;
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
            var people = LinearExpr.Sum(PeopleOn(c.Day, c.Shift)) + _fixedCover[c.Day, c.Shift];
            if (_lean && c.Minimum is { } exactly && c.Maximum == exactly)
            {
                Model.Add(people == exactly);
                continue;
            }
            if (c.Minimum is { } min) Model.Add(people >= min);
            if (c.Maximum is { } max) Model.Add(people <= max);
        }
    }

    // Minimise: Σ_on w(1 − x) + Σ_off w·x + Σ_cover (wu·under + wo·over), with n − over + under = requirement.
    // In a neighbourhood, n counts the fixed people as a constant and the requests of fixed people are left out.
    private void BuildObjective()
    {
        var vars = new List<IntVar>();
        var weights = new List<long>();
        long constant = 0;
        foreach (var r in Instance.OnRequests)
        {
            if (Work[r.Staff, r.Day] is null) continue;
            constant += r.Weight;
            if (X[r.Staff, r.Day, r.Shift] is not { } x) continue;
            vars.Add(x);
            weights.Add(-r.Weight);
        }
        foreach (var r in Instance.OffRequests)
        {
            if (X[r.Staff, r.Day, r.Shift] is not { } x) continue;
            vars.Add(x);
            weights.Add(r.Weight);
        }
        foreach (var c in Instance.Cover)
        {
            if (c.WeightUnder == 0 && c.WeightOver == 0) continue;
            var people = PeopleOn(c.Day, c.Shift).ToList();
            var open = c.Requirement - _fixedCover[c.Day, c.Shift];
            if (open <= 0 || people.Count <= open)
            {
                // Cover cannot change sides: with n − fixed free people who can work it, the requirement is either
                // already met by the fixed people (every free one is over) or cannot be exceeded (every free one
                // reduces under). The penalty is then linear in x and needs no under/over variables.
                constant += open > 0 ? (long)c.WeightUnder * open : (long)c.WeightOver * -open;
                var perPerson = open > 0 ? -c.WeightUnder : c.WeightOver;
                foreach (var x in people)
                {
                    vars.Add(x);
                    weights.Add(perPerson);
                }
                continue;
            }
            var under = Model.NewIntVar(0, open, $"under[{c.Day},{c.Shift}]");
            var over = Model.NewIntVar(0, people.Count - open, $"over[{c.Day},{c.Shift}]");
            // Only at the optimum is one of under/over forced to 0; intermediate solutions may carry slack in
            // both, so the service reports the roster's recomputed penalty (RosterPenalty), never above this.
            // Pinning over = max(0, n − requirement) instead was measured slower to good rosters on Instance6.
            Model.Add(LinearExpr.Sum(people) - over + under == open);
            vars.Add(under);
            weights.Add(c.WeightUnder);
            vars.Add(over);
            weights.Add(c.WeightOver);
        }
        Model.Minimize(LinearExpr.WeightedSum(vars, weights) + constant);
    }
}
