using System.Collections.Concurrent;
using System.Globalization;
using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Rosters for instances where one CP-SAT model of everybody is too large to search well: a first roster (each
/// person alone, keeping their own rules), then large-neighbourhood search that frees part of the roster (a few
/// people over the horizon, everybody over a few days, or the people of a shift type over a few weeks) and
/// re-optimises it with CP-SAT while the rest stays fixed.
/// </summary>
/// <remarks>
/// Every hard rule of the benchmark is a rule about one person (cover is soft), so a neighbourhood keeps the fixed
/// part feasible as long as each free person's sequence rules and totals see their fixed days (the window model
/// does that), and each neighbourhood model holds only its free cells whatever the instance size.
/// Instances with hard cover bounds never come here.
/// </remarks>
internal sealed class RosterNeighbourhoodSearch
{
    private readonly RosterInstance _instance;
    private readonly ISolveContext _context;
    private readonly SolveDeadline _deadline;
    private readonly int _workers;
    private readonly Random _random;
    private int _seed;
    private int _version; // counts the changes of Best

    public RosterNeighbourhoodSearch(RosterInstance instance, NurseSolveOptions options, NurseSchedulingLimits limits, ISolveContext context, SolveDeadline deadline)
    {
        _instance = instance;
        _context = context;
        _deadline = deadline;
        _workers = options.Workers ?? limits.DefaultWorkers;
        _seed = options.RandomSeed ?? 0;
        _random = new Random(_seed);
    }

    private readonly ConcurrentQueue<(RosterGrid Grid, string What)> _offers = new();

    /// <summary>Hands the search a roster found elsewhere (the restricted master of column generation, on the bound's
    /// thread); thread-safe. It is taken at the next neighbourhood if it keeps every rule and is no worse than the best.</summary>
    public void Offer(RosterGrid grid, string what) => _offers.Enqueue((grid, what));

    /// <summary>A lower bound known before the search (from the data: <see cref="RosterWeekendBound"/>), reported with
    /// every improving roster so that a job's incumbent shows its gap while it runs.</summary>
    public long Bound { get; init; }

    public RosterGrid? Best { get; private set; }
    public long BestObjective { get; private set; } = long.MaxValue;
    public int Improvements { get; private set; }
    public int Neighbourhoods { get; private set; }

    /// <summary>Set when a person's own rules cannot all hold (then no roster exists).</summary>
    public string? InfeasiblePerson { get; private set; }

    private double Remaining => _deadline.LimitSeconds - _deadline.ElapsedSeconds;
    private bool Stopped => Remaining <= 0.05 || _context.Cancellation.IsCancellationRequested;

    /// <summary>Runs construction (or starts from <paramref name="start"/>, a valid roster such as a warm start's),
    /// then improvement until the deadline or cancellation.</summary>
    public void Run(RosterGrid? start = null)
    {
        if (start is not null) Accept(start, "the earlier job's roster (warm start)");
        if (start is not null || Construct()) Improve();
    }

    /// <summary>
    /// The first roster: each person alone, without objective, any roster that keeps all their own rules: the greedy
    /// row when it does, else CP-SAT's repair of it (people are independent, so this runs on all workers at once, one
    /// person per single-threaded solve). That is a valid roster and becomes the first incumbent; cover is left to the
    /// neighbourhood search.
    /// </summary>
    private bool Construct()
    {
        var staff = _instance.StaffCount;
        var grid = new RosterGrid(staff, _instance.Days);
        var greedy = new RosterGrid(staff, _instance.Days);
        var ready = new bool[staff];
        // People with the fewest shift types first: they are the hardest to place on the cover they fit.
        var open = new int[_instance.Days, _instance.ShiftCount];
        foreach (var c in _instance.Cover) open[c.Day, c.Shift] = c.Requirement;
        foreach (var e in Enumerable.Range(0, staff).OrderBy(e => _instance.Staff[e].MaxShifts.Count(m => m > 0)).ThenBy(e => e))
        {
            var row = PersonGreedyRoster.Build(_instance, e, open);
            for (var d = 0; d < _instance.Days; d++) greedy.Shift[e, d] = grid.Shift[e, d] = row[d];
            // A greedy row that already keeps every rule needs no CP-SAT call.
            ready[e] = PersonRules.Hold(_instance, e, row);
        }
        _context.Info($"first roster: {ready.Count(r => r)} of {staff} people's greedy rows keep all their rules, CP-SAT repairs the others");
        var failed = new CpSolverStatus?[staff];
        var next = -1;
        var threads = Enumerable.Range(0, Math.Max(1, Math.Min(_workers, staff))).Select(_ => new Thread(() =>
        {
            for (var e = Interlocked.Increment(ref next); e < staff; e = Interlocked.Increment(ref next))
            {
                if (ready[e]) continue;
                var (status, alone) = Repair(greedy, e);
                if (alone is null && status != CpSolverStatus.Infeasible)
                {
                    // The cover-filling row can be a poor hint when its pace left the minutes far from the window (a
                    // year's tight window: CP-SAT ran out of 54 s on some people); the contract-only row is a reliable one.
                    var plain = new RosterGrid(staff, _instance.Days);
                    var row = PersonGreedyRoster.Build(_instance, e);
                    for (var d = 0; d < _instance.Days; d++) plain.Shift[e, d] = row[d];
                    (status, alone) = Solve(plain, [e], 0, _instance.Days, Remaining, feasibilityOnly: true, threads: 1);
                }
                if (alone is null)
                {
                    failed[e] = status;
                    return;
                }
                for (var d = 0; d < _instance.Days; d++) grid.Shift[e, d] = alone.Shift[e, d];
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        if (Enumerable.Range(0, staff).FirstOrDefault(e => failed[e] is not null, -1) is var bad and >= 0)
        {
            if (failed[bad] == CpSolverStatus.Infeasible) InfeasiblePerson = _instance.Staff[bad].Id;
            return false;
        }
        Accept(grid, "first roster: every person's own rules");
        return true;
    }

    /// <summary>
    /// Repairs person <paramref name="e"/>'s greedy row in <paramref name="start"/> where it breaks a rule: CP-SAT frees
    /// the person on four weeks around the broken day (their other days stay as the greedy made them, so the repair keeps
    /// the row's cover), twice as many when that cannot hold, up to the whole horizon; a broken total (minutes, shifts per
    /// type, weekends) on the last four weeks, then eight, and so on. Greedy rows break rules locally (a year: every broken row of Instance23 had a run
    /// cut short by the minutes cap near the end), and a window of a month is a model of ~30 days of one person: the
    /// whole-horizon repair of a year took 1–3 s per person under load, which put the first roster past 30 s.
    /// </summary>
    private (CpSolverStatus Status, RosterGrid? Roster) Repair(RosterGrid start, int e)
    {
        var days = _instance.Days;
        var current = start;
        var row = new int[days];
        var half = 14;
        int? lastDay = null;
        for (var attempt = 0; attempt < 4 * days && !Stopped; attempt++)
        {
            for (var d = 0; d < days; d++) row[d] = current.Shift[e, d];
            if (PersonRules.Broken(_instance, e, row) is not { } broken) return (CpSolverStatus.Feasible, current);
            _context.Debug($"first roster: the row of staff \"{_instance.Staff[e].Id}\" breaks a rule ({broken.What})");
            if (broken.Day != lastDay) half = 14;
            lastDay = broken.Day;
            // A broken total (minutes, shifts per type, weekends) can be mended on any days with room: the last weeks,
            // where the greedy's pace leaves the most room, then twice as many.
            var (from, to) = broken.Day is { } day ? (Math.Max(0, day - half), Math.Min(days, day + half + 1)) : (Math.Max(0, days - (2 * half)), days);
            var whole = from == 0 && to == days;
            var (status, repaired) = Solve(current, [e], from, to, whole ? RepairSeconds : Math.Min(RepairSeconds, 1), feasibilityOnly: true, threads: 1);
            if (repaired is not null)
            {
                current = repaired;
                continue;
            }
            if (whole) return (status, null);
            half *= 2;
        }
        return (CpSolverStatus.Unknown, null);
    }

    /// <summary>A person's first roster: follow the greedy hint, no LP (there is no objective), stop at the first roster.</summary>
    private static string FeasibilityParameters => " stop_after_first_solution:true linearization_level:0 search_branching:HINT_SEARCH";

    /// <summary>CP-SAT's time to repair a person's cover-filling greedy row before it falls back to the contract-only one.</summary>
    private double RepairSeconds => Math.Min(Remaining, Math.Clamp(_deadline.LimitSeconds / 20, 1, 5));

    /// <summary>CP-SAT's time per neighbourhood: small, so that many neighbourhoods are searched; the neighbourhood
    /// sizes adapt to it (<see cref="RosterNeighbourhoods"/>).</summary>
    private double SubSolveSeconds => Math.Clamp(_deadline.LimitSeconds / 40, 1, 3);

    /// <summary>
    /// First every person's best response to the others until nobody improves alone (milliseconds per person), then
    /// two kinds of move in turn until the deadline or cancellation: a slice of the best-response walk (kicks and
    /// descents, <see cref="RosterResponseWalk"/>) or one CP-SAT neighbourhood, each drawn in proportion to the penalty
    /// it removed per second recently (with a floor, so that neither starves). CP-SAT keeps every roster that is no
    /// worse (equal rosters too: they move the search across plateaus); the walk restarts from the best roster
    /// whenever CP-SAT improved it.
    /// </summary>
    private void Improve()
    {
        var walk = new RosterResponseWalk(_instance, _random);
        var started = _deadline.ElapsedSeconds;
        // The first slice of the descent is a few CP-SAT neighbourhoods long: a year's descent is not finished then
        // (where rules are priced, a year's minutes, responses are slow to pay), so its roster is published and the
        // walk's slices go on with whoever is still due (no kicks until nobody is), drawn against CP-SAT by the rates:
        // the descent runs while it pays better, not for a fixed third of the time (cut there, it still removed ~580/s).
        var descentEnd = started + Math.Min(Remaining / 3, 2 * SubSolveSeconds);
        var first = BestObjective;
        Accept(walk.Start(Best!, BestObjective, () => Stopped || _deadline.ElapsedSeconds > descentEnd).Copy(), "best responses until nobody improves alone");
        _context.Info(string.Create(CultureInfo.InvariantCulture, $"best responses{(walk.Descending ? " (first slice)" : "")}: {walk.Describe()}, {_deadline.ElapsedSeconds - started:F2} s"));
        var descending = walk.Descending;
        var walkVersion = _version;
        // The walk goes on with the descent (on a year it is cut by the time, not finished), so it starts at the
        // descent's rate: from 1, one lucky CP-SAT neighbourhood starved the walk for 25 s of Instance23's 60.
        double walkRate = Math.Max(1, (first - BestObjective) / Math.Max(0.05, _deadline.ElapsedSeconds - started)), cpSatRate = 1, walkSeconds = 0;
        long walkGain = 0;
        var chooser = new RosterNeighbourhoods(_instance, _random);
        while (!Stopped && Best is { } current)
        {
            // Rosters the bound worker's restricted master found (column generation), checked like any other.
            while (_offers.TryDequeue(out var offer))
                if (KeepsEveryRule(offer.Grid, [.. Enumerable.Range(0, _instance.StaffCount)]))
                {
                    Accept(offer.Grid, offer.What);
                    current = Best!;
                }
            var before = BestObjective;
            var floor = 0.2 * (walkRate + cpSatRate) / 2 + 1e-9;
            if (_random.NextDouble() * (walkRate + cpSatRate + 2 * floor) < walkRate + floor)
            {
                var sliceStart = _deadline.ElapsedSeconds;
                // A slice as long as a CP-SAT neighbourhood, so that the two rates compare like with like.
                bool SliceOver() => Stopped || _deadline.ElapsedSeconds - sliceStart >= SubSolveSeconds;
                if (walk.Descending)
                {
                    // The first descent goes on where it stopped, on the best roster if CP-SAT improved it meanwhile.
                    if (walkVersion != _version) walk.Adopt(current, BestObjective);
                    if (walk.Resume(SliceOver) is var descended && walk.Objective < BestObjective) Accept(descended.Copy(), null);
                }
                else if (walkVersion != _version && walk.Start(current, BestObjective, SliceOver) is var restarted && walk.Objective < BestObjective)
                    Accept(restarted.Copy(), null);
                if (descending && !walk.Descending)
                {
                    descending = false;
                    _context.Info(string.Create(CultureInfo.InvariantCulture, $"best responses until nobody improves alone: objective {BestObjective}, {_deadline.ElapsedSeconds - started:F2} s"));
                }
                while (!SliceOver())
                    if (walk.Step(BestObjective, SliceOver) is { } better) Accept(better, null);
                walkVersion = _version;
                var seconds = _deadline.ElapsedSeconds - sliceStart;
                walkSeconds += seconds;
                walkGain += before - BestObjective;
                walkRate = (0.7 * walkRate) + (0.3 * (before - BestObjective) / Math.Max(0.05, seconds));
                continue;
            }
            var n = chooser.Next(current);
            var neighbourhoodStart = _deadline.ElapsedSeconds;
            var (status, solved) = Solve(current, n.Staff, n.From, n.To, SubSolveSeconds, kind: n.Kind);
            Neighbourhoods++;
            if (solved is not null && KeepsEveryRule(solved, n.Staff)) Accept(solved, null);
            var spent = _deadline.ElapsedSeconds - neighbourhoodStart;
            chooser.Report(n, before - BestObjective, spent, status);
            cpSatRate = (0.7 * cpSatRate) + (0.3 * (before - BestObjective) / Math.Max(0.05, spent));
            if (status == CpSolverStatus.Optimal && n.Staff.Count == _instance.StaffCount && n.From == 0 && n.To == _instance.Days)
                break; // the whole roster was re-optimised and proven optimal
            if (Neighbourhoods % 50 == 0)
                _context.Debug($"after {Neighbourhoods} neighbourhoods: sizes {chooser.Sizes}, objective {BestObjective}");
        }
        _context.Info($"neighbourhoods by kind: {chooser.Tally}; sizes {chooser.Sizes}");
        _context.Info(string.Create(CultureInfo.InvariantCulture, $"best-response walk: −{walkGain} in {walkSeconds:F0} s; {walk.Describe()}"));
    }

    /// <summary>A safety net under the window model: the free people's rows are checked against their contracts
    /// before a roster is kept, so that an incumbent never breaks a rule (and its penalty never drops below a proven
    /// optimum) even if a sub-model were wrong at a window's edge. Cheap: days × free people.</summary>
    private bool KeepsEveryRule(RosterGrid roster, List<int> free)
    {
        var row = new int[_instance.Days];
        foreach (var e in free)
        {
            for (var d = 0; d < _instance.Days; d++) row[d] = roster.Shift[e, d];
            if (PersonRules.Hold(_instance, e, row)) continue;
            _context.Warn($"neighbourhood roster of staff \"{_instance.Staff[e].Id}\" breaks a rule of their contract; not kept");
            return false;
        }
        return true;
    }

    private (CpSolverStatus Status, RosterGrid? Roster) Solve(RosterGrid current, List<int> free, int from, int to, double seconds,
        bool feasibilityOnly = false, int? threads = null, NeighbourhoodKind? kind = null)
    {
        var started = _deadline.ElapsedSeconds;
        var model = feasibilityOnly
            ? NurseSchedulingModel.ForPersonRepair(_instance, current, free[0], from, to)
            : NurseSchedulingModel.ForNeighbourhood(_instance, current, free, from, to);
        var built = _deadline.ElapsedSeconds;
        var limit = Math.Min(seconds, Remaining);
        if (limit <= 0.05) return (CpSolverStatus.Unknown, null);
        var solver = new CpSolver
        {
            StringParameters = string.Create(CultureInfo.InvariantCulture,
                $"max_time_in_seconds:{limit:F3} num_workers:{threads ?? _workers} random_seed:{Interlocked.Increment(ref _seed) % 1000} log_search_progress:false{(feasibilityOnly ? FeasibilityParameters : "")}"),
        };
        CpSolverStatus status;
        using (_context.Cancellation.Register(solver.StopSearch))
            status = solver.Solve(model.Model);
        _context.Debug(string.Create(CultureInfo.InvariantCulture,
            $"{(kind is { } k ? k.ToString().ToLowerInvariant() + " " : "")}neighbourhood of {free.Count} people{(free.Count <= 6 ? " (" + string.Join(' ', free.Select(e => _instance.Staff[e].Id)) + ")" : "")}, days {from}-{to - 1}: {status.ToString().ToLowerInvariant()}, objective {(status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? solver.ObjectiveValue : double.NaN)}, build {built - started:F2} s, solve {_deadline.ElapsedSeconds - built:F2} s of {limit:F2}"));
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return (status, null);
        return (status, RosterGrid.Read(model, solver.BooleanValue, current));
    }

    private void Accept(RosterGrid grid, string? what)
    {
        var objective = RosterPenalty.Evaluate(_instance, grid).Total;
        if (objective > BestObjective) return;
        var improved = objective < BestObjective;
        Best = grid;
        _version++;
        BestObjective = objective;
        if (!improved) return;
        Improvements++;
        _context.Info(string.Create(CultureInfo.InvariantCulture,
            $"solution {Improvements}: objective {objective}{(what is null ? "" : " (" + what + ")")}, bound {Bound}, {Neighbourhoods} neighbourhoods, {_deadline.ElapsedSeconds:F2} s"));
        _context.ReportIncumbent(new NurseSchedulingResult
        {
            Outcome = SolveOutcome.Feasible,
            Mode = NurseSchedulingMode.Optimize,
            Objective = objective,
            Bound = Bound,
            Gap = NurseSchedulingSolver.Gap(objective, Bound),
            Roster = grid.ToRoster(_instance),
            Penalty = RosterPenalty.Evaluate(_instance, grid),
            Statistics = new SolverStatistics("running", 0, 0, _deadline.ElapsedSeconds, Improvements, 0, 0),
        }, objective);
    }
}
