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
/// such clauses). A neighbourhood model (<see cref="ForNeighbourhood"/>) has variables for a few free
/// people only; everybody else's shifts are constants that count towards cover.
/// </remarks>
internal sealed class NurseSchedulingModel
{
    private readonly int[,] _fixedCover;
    private readonly RosterGrid? _current;
    private readonly bool _lean;

    private NurseSchedulingModel(RosterInstance instance, IReadOnlyList<int> freeStaff, int[,] fixedCover, RosterGrid? current, int from, int to, bool lean = false)
    {
        Instance = instance;
        FreeStaff = freeStaff;
        _fixedCover = fixedCover;
        _current = current;
        From = from;
        To = to;
        _lean = lean;
        Model = new CpModel();
        X = new BoolVar?[instance.StaffCount, instance.Days, instance.ShiftCount];
        Work = new BoolVar?[instance.StaffCount, instance.Days];
        foreach (var e in freeStaff)
        {
            var person = instance.Staff[e];
            for (var d = from; d < to; d++)
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

    /// <summary>The free people have variables on days From ≤ d &lt; To only (the whole horizon in a full model); on the
    /// other days their shifts are the current roster's, constants in the sequence rules and totals.</summary>
    public int From { get; }

    /// <inheritdoc cref="From"/>
    public int To { get; }

    /// <summary>x[e,d,s]; null when e is not free, d is outside the window or e may never work s.</summary>
    public BoolVar?[,,] X { get; }

    /// <summary>work[e,d]; null when e is not free or d is outside the window, or in an enumeration model when no rule of e needs it.</summary>
    public BoolVar?[,] Work { get; }

    /// <summary>The model of everybody over the whole horizon with the penalty objective: what the full-model path
    /// optimises.</summary>
    public static NurseSchedulingModel ForOptimizing(RosterInstance instance) => Everybody(instance, withObjective: true);

    /// <summary>The model of everybody with the hard rules only (no objective): any solution is a roster that keeps every
    /// rule.</summary>
    public static NurseSchedulingModel ForHardRules(RosterInstance instance) => Everybody(instance, withObjective: false);

    private static NurseSchedulingModel Everybody(RosterInstance instance, bool withObjective)
    {
        var m = new NurseSchedulingModel(instance, Enumerable.Range(0, instance.StaffCount).ToList(),
            new int[instance.Days, instance.ShiftCount], null, 0, instance.Days);
        m.BuildAll(withObjective);
        return m;
    }

    /// <summary>
    /// The model that enumeration counts: the hard constraints only, and nothing CP-SAT would have to re-decide
    /// for each of thousands of solutions that the rules do not need. A person whose rules never look at
    /// "works on day d" (no days off, consecutive-day or weekend limits: the short form) gets no work[e,d],
    /// only an at-most-one over that day's shifts; a cover with equal hard bounds is one equality. Both are
    /// the same solutions as <see cref="ForHardRules"/>'s model (work[e,d] is determined by the x of that day).
    /// When the people are interchangeable, one roster per class of renamings (<see cref="SolutionsAreClasses"/>).
    /// </summary>
    public static NurseSchedulingModel ForEnumeration(RosterInstance instance)
    {
        var m = new NurseSchedulingModel(instance, Enumerable.Range(0, instance.StaffCount).ToList(),
            new int[instance.Days, instance.ShiftCount], null, 0, instance.Days, lean: true);
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
    /// The model of a neighbourhood, with the penalty objective: only <paramref name="freeStaff"/> on days
    /// <paramref name="from"/> ≤ d &lt; <paramref name="to"/> get variables (hinted with their shifts in
    /// <paramref name="current"/>). Everything else keeps its shift in <paramref name="current"/>: other people's shifts
    /// count towards cover, and the free people's own days outside the window are constants in their sequence rules and
    /// totals. Every hard rule is per person except hard cover bounds, so whatever the free part becomes, the fixed part
    /// stays feasible.
    /// </summary>
    public static NurseSchedulingModel ForNeighbourhood(RosterInstance instance, RosterGrid current, IReadOnlyList<int> freeStaff, int from, int to) =>
        Window(instance, current, freeStaff, counted: true, withObjective: true, from, to);

    /// <summary>
    /// One person's own rules on days <paramref name="from"/> ≤ d &lt; <paramref name="to"/> (their other days fixed as in
    /// <paramref name="start"/>), nobody else and no objective, hinted with their row in <paramref name="start"/>: the
    /// first roster's repair of a greedy row that breaks a rule.
    /// </summary>
    public static NurseSchedulingModel ForPersonRepair(RosterInstance instance, RosterGrid start, int person, int from, int to) =>
        Window(instance, start, [person], counted: false, withObjective: false, from, to);

    private static NurseSchedulingModel Window(RosterInstance instance, RosterGrid current, IReadOnlyList<int> freeStaff, bool counted,
        bool withObjective, int from, int end)
    {
        var free = new bool[instance.StaffCount];
        foreach (var e in freeStaff) free[e] = true;
        var fixedCover = new int[instance.Days, instance.ShiftCount];
        if (counted)
            for (var e = 0; e < instance.StaffCount; e++)
            {
                if (free[e]) continue;
                for (var d = from; d < end; d++)
                    if (current.Shift[e, d] != RosterGrid.Off) fixedCover[d, current.Shift[e, d]]++;
            }
        var m = new NurseSchedulingModel(instance, freeStaff, fixedCover, current, from, end);
        m.BuildAll(withObjective);
        foreach (var e in freeStaff) m.AddHint(e, current);
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
        for (var d = From; d < To; d++)
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

    private bool InWindow(int d) => d >= From && d < To;

    /// <summary>The shift a free person works on a day outside the window (the current roster's).</summary>
    private int FixedShift(int e, int d) => _current!.Shift[e, d];

    /// <summary>"e works on day d": the variable inside the window, the current roster's value outside it.</summary>
    private DayLiteral Works(int e, int d) =>
        Work[e, d] is { } work ? new DayLiteral(work, false) : new DayLiteral(null, FixedShift(e, d) != RosterGrid.Off);

    /// <summary>Adds the clause unless it has no variable (then it is about the fixed part only, which already holds);
    /// fixed literals that hold satisfy it, fixed literals that fail drop out.</summary>
    private void AddClause(IEnumerable<DayLiteral> literals)
    {
        var free = new List<ILiteral>();
        foreach (var literal in literals)
        {
            if (literal.Variable is { } v) free.Add(v);
            else if (literal.Value) return;
        }
        if (free.Count > 0) Model.AddBoolOr(free);
    }

    // Each person works at most one shift a day; work[e,d] is that shift count (0 or 1).
    private void BuildOneShiftPerDay()
    {
        foreach (var e in FreeStaff)
            for (var d = From; d < To; d++)
                if (Work[e, d] is { } work) Model.Add(LinearExpr.Sum(ShiftsOf(e, d)) == work);
                else Model.AddAtMostOne(ShiftsOf(e, d));
    }

    // Nobody works on one of their fixed days off.
    private void BuildDaysOff()
    {
        foreach (var e in FreeStaff)
            for (var d = From; d < To; d++)
                if (Instance.Staff[e].DayOff[d])
                    Model.Add(Work[e, d]! == 0);
    }

    // A shift may not be followed the next day by one of its forbidden successors: x[e,d,s] and the forbidden
    // successors of s on day d+1 form one at-most-one (a person works one shift a day anyway). At the window's
    // edges the fixed day before (after) forbids the successors (predecessors) of its shift.
    private void BuildShiftRotation()
    {
        var successors = Enumerable.Range(0, Shifts)
            .Select(s => Enumerable.Range(0, Shifts).Where(t => Instance.ForbiddenNext[s, t]).ToArray()).ToArray();
        foreach (var e in FreeStaff)
        {
            for (var d = From; d + 1 < To; d++)
                for (var s = 0; s < Shifts; s++)
                {
                    if (X[e, d, s] is not { } x || successors[s].Length == 0) continue;
                    var group = new List<ILiteral> { x };
                    foreach (var t in successors[s])
                        if (X[e, d + 1, t] is { } next) group.Add(next);
                    if (group.Count > 1) Model.AddAtMostOne(group);
                }
            if (From > 0 && FixedShift(e, From - 1) is var before and not RosterGrid.Off)
                foreach (var t in successors[before])
                    if (X[e, From, t] is { } x) Model.Add(x == 0);
            if (To < Days && FixedShift(e, To) is var after and not RosterGrid.Off)
                for (var s = 0; s < Shifts; s++)
                    if (Instance.ForbiddenNext[s, after] && X[e, To - 1, s] is { } x) Model.Add(x == 0);
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
                var fixedCount = 0;
                for (var d = 0; d < Days; d++)
                    if (X[e, d, s] is { } x) worked.Add(x);
                    else if (!InWindow(d) && FixedShift(e, d) == s) fixedCount++;
                Model.Add(LinearExpr.Sum(worked) <= max - fixedCount);
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
            long fixedMinutes = 0;
            for (var d = 0; d < Days; d++)
            {
                if (!InWindow(d))
                {
                    if (FixedShift(e, d) is var s and not RosterGrid.Off) fixedMinutes += Instance.ShiftLengths[s];
                    continue;
                }
                for (var s = 0; s < Shifts; s++)
                    if (X[e, d, s] is { } x)
                    {
                        vars.Add(x);
                        lengths.Add(Instance.ShiftLengths[s]);
                    }
            }
            var minutes = LinearExpr.WeightedSum(vars, lengths) + fixedMinutes;
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
            for (var start = Math.Max(0, From - max); start + max < Days && start < To; start++)
            {
                var days = Enumerable.Range(start, max + 1).Select(d => Works(e, d)).ToList();
                var vars = days.Select(l => l.Variable).OfType<BoolVar>().ToList();
                Model.Add(LinearExpr.Sum(vars) <= max - days.Count(l => l.Variable is null && l.Value));
            }
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
                for (var d = Math.Max(1, From - length); d + length <= Days - 1 && d - 1 < To; d++)
                {
                    var clause = new List<DayLiteral> { Works(e, d - 1), Works(e, d + length) };
                    for (var i = d; i < d + length; i++) clause.Add(Works(e, i).Not());
                    AddClause(clause);
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
                for (var d = Math.Max(1, From - length); d + length <= Days - 1 && d - 1 < To; d++)
                {
                    var clause = new List<DayLiteral> { Works(e, d - 1).Not(), Works(e, d + length).Not() };
                    for (var i = d; i < d + length; i++) clause.Add(Works(e, i));
                    AddClause(clause);
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
            var fixedWeekends = 0;
            for (var w = 0; w < Instance.WeekendCount; w++)
            {
                var sat = Works(e, RosterInstance.Saturday(w));
                var sun = Works(e, RosterInstance.Saturday(w) + 1);
                if ((sat.Variable is null && sat.Value) || (sun.Variable is null && sun.Value)) fixedWeekends++;
                else if (sat.Variable is null || sun.Variable is null)
                {
                    // One day is a fixed day off: the weekend is worked exactly when the other day is (if it is free).
                    if ((sat.Variable ?? sun.Variable) is BoolVar other) weekends.Add(other);
                }
                else
                {
                    var worked = Model.NewBoolVar($"weekend[{e},{w}]");
                    // worked = sat OR sun, fully determined so that it adds no spurious solutions.
                    Model.AddMaxEquality(worked, [(BoolVar)sat.Variable, (BoolVar)sun.Variable]);
                    weekends.Add(worked);
                }
            }
            if (weekends.Count > 0) Model.Add(LinearExpr.Sum(weekends) <= max - fixedWeekends);
        }
    }

    // Where a cover entry has hard bounds, the number of people on that shift lies within them.
    private void BuildHardCoverBounds()
    {
        foreach (var c in Instance.Cover)
        {
            if (!InWindow(c.Day)) continue;
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
    // In a neighbourhood, n counts the fixed people as a constant, and the requests and cover of fixed cells (other
    // people, days outside the window) are left out: they do not change.
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
            if ((c.WeightUnder == 0 && c.WeightOver == 0) || !InWindow(c.Day)) continue;
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

/// <summary>A literal of a sequence rule: the variable of a day inside the window, or the day's fixed value outside it.</summary>
internal readonly record struct DayLiteral(ILiteral? Variable, bool Value)
{
    public DayLiteral Not() => Variable is { } v ? new DayLiteral(v.Not(), false) : new DayLiteral(null, !Value);
}
