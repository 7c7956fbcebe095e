using System.Diagnostics;
using System.Globalization;
using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Rosters for horizons where one CP-SAT model of everybody is too large to search well: a constructive first
/// roster (person by person, each optimised against the cover the people before them left open), then
/// large-neighbourhood search that frees a few people at a time and re-optimises them with CP-SAT while
/// everybody else's shifts stay fixed.
/// </summary>
/// <remarks>
/// Every hard rule of the benchmark is a rule about one person (cover is soft), so a neighbourhood that
/// frees whole people keeps the others feasible, and each neighbourhood model is small (a few people × the
/// horizon) whatever the instance size. Instances with hard cover bounds never come here.
/// </remarks>
internal sealed class RosterNeighbourhoodSearch
{
    private readonly RosterInstance _instance;
    private readonly ISolveContext _context;
    private readonly Stopwatch _clock;
    private readonly double _deadline;
    private readonly int _workers;
    private readonly Random _random;
    private int _seed;

    public RosterNeighbourhoodSearch(RosterInstance instance, NurseSolveOptions options, NurseSchedulingLimits limits, ISolveContext context, Stopwatch clock, double timeLimitSeconds)
    {
        _instance = instance;
        _context = context;
        _clock = clock;
        _deadline = timeLimitSeconds;
        _workers = options.Workers ?? limits.DefaultWorkers;
        _seed = options.RandomSeed ?? 0;
        _random = new Random(_seed);
    }

    public RosterGrid? Best { get; private set; }
    public long BestObjective { get; private set; } = long.MaxValue;
    public int Improvements { get; private set; }
    public int Neighbourhoods { get; private set; }

    /// <summary>Set when a person's own rules cannot all hold (then no roster exists).</summary>
    public string? InfeasiblePerson { get; private set; }

    private double Remaining => _deadline - _clock.Elapsed.TotalSeconds;
    private bool Stopped => Remaining <= 0.05 || _context.Cancellation.IsCancellationRequested;

    /// <summary>Runs construction, then improvement until the deadline or cancellation.</summary>
    public void Run(double constructionShare, bool improve = true)
    {
        if (!Construct(constructionShare)) return;
        if (improve) Improve();
    }

    /// <summary>
    /// The first roster in two passes. (1) Each person alone, without objective: any roster that keeps all their own
    /// rules (people are independent, so this runs on all workers at once, one person per single-threaded solve).
    /// That is already a valid roster and becomes the first incumbent. (2) Cover-driven: people with the fewest
    /// shift types first, a few at a time (about twenty batches), each batch re-optimised from its pass-1 rosters
    /// against the cover left open by the batches before it (later people do not count yet).
    /// </summary>
    private bool Construct(double constructionShare)
    {
        var staff = _instance.StaffCount;
        var grid = new RosterGrid(staff, _instance.Days);
        var nobody = new bool[staff];
        var greedy = new RosterGrid(staff, _instance.Days);
        for (var e = 0; e < staff; e++)
        {
            var row = PersonGreedyRoster.Build(_instance, e);
            for (var d = 0; d < _instance.Days; d++) greedy.Shift[e, d] = row[d];
        }
        var failed = new CpSolverStatus?[staff];
        var next = -1;
        var threads = Enumerable.Range(0, Math.Max(1, Math.Min(_workers, staff))).Select(_ => new Thread(() =>
        {
            for (var e = Interlocked.Increment(ref next); e < staff; e = Interlocked.Increment(ref next))
            {
                var (status, alone) = SolveNeighbourhood(greedy, [e], nobody, Remaining, feasibilityOnly: true, threads: 1);
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

        var counted = new bool[staff];
        var order = Enumerable.Range(0, staff)
            .OrderBy(e => _instance.Staff[e].MaxShifts.Count(m => m > 0)).ThenBy(e => e).ToList();
        var batchSize = Math.Max(1, (order.Count + ConstructionBatches - 1) / ConstructionBatches);
        var batches = order.Chunk(batchSize).Select(b => b.OrderBy(e => e).ToList()).ToList();
        var budget = Math.Max(1, _deadline * constructionShare);
        for (var i = 0; i < batches.Count; i++)
        {
            if (Stopped) return true;
            foreach (var e in batches[i]) counted[e] = true;
            var limit = Math.Max(0.5, (budget - _clock.Elapsed.TotalSeconds) / (batches.Count - i));
            var (_, optimised) = SolveNeighbourhood(grid, batches[i], counted, limit);
            if (optimised is not null) grid = optimised;
        }
        Accept(grid, "cover-driven construction");
        return true;
    }

    private const int ConstructionBatches = 20;

    /// <summary>A person's first roster: follow the greedy hint, no LP (there is no objective), stop at the first roster.</summary>
    private static string FeasibilityParameters => " stop_after_first_solution:true linearization_level:0 search_branching:HINT_SEARCH";

    /// <summary>Frees k people at a time (random, or the people with the largest request penalty together with
    /// people who may work the same shift types) and keeps any re-optimised roster that is no worse.</summary>
    private void Improve()
    {
        var everybody = Enumerable.Repeat(true, _instance.StaffCount).ToArray();
        var size = Math.Min(_instance.StaffCount, 3);
        while (!Stopped && Best is not null)
        {
            var free = ChooseNeighbourhood(size);
            var limit = Math.Min(Remaining, 2.0 + (0.5 * size));
            var (status, solved) = SolveNeighbourhood(Best, free, everybody, limit);
            Neighbourhoods++;
            if (solved is not null) Accept(solved, null);
            // Grow the neighbourhood while CP-SAT closes it quickly, shrink it when it runs out of time.
            if (status == CpSolverStatus.Optimal && free.Count == _instance.StaffCount) return;
            if (status == CpSolverStatus.Optimal && size < _instance.StaffCount) size++;
            else if (status != CpSolverStatus.Optimal && size > 1) size--;
        }
    }

    private List<int> ChooseNeighbourhood(int size)
    {
        var staff = _instance.StaffCount;
        var chosen = new HashSet<int>();
        if (_random.Next(2) == 0)
        {
            // Related people: a random person, then people who may work one of their shift types.
            var seed = _random.Next(staff);
            chosen.Add(seed);
            var types = Enumerable.Range(0, _instance.ShiftCount).Where(s => _instance.Staff[seed].MaxShifts[s] > 0).ToHashSet();
            var related = Enumerable.Range(0, staff)
                .Where(e => e != seed && types.Any(s => _instance.Staff[e].MaxShifts[s] > 0))
                .OrderBy(_ => _random.Next()).ToList();
            foreach (var e in related)
            {
                if (chosen.Count >= size) break;
                chosen.Add(e);
            }
        }
        while (chosen.Count < size) chosen.Add(_random.Next(staff));
        return chosen.OrderBy(e => e).ToList();
    }

    private (CpSolverStatus Status, RosterGrid? Roster) SolveNeighbourhood(RosterGrid current, List<int> free, bool[] counted, double seconds, bool feasibilityOnly = false, int? threads = null)
    {
        var started = _clock.Elapsed.TotalSeconds;
        var model = NurseSchedulingModel.BuildNeighbourhood(_instance, current, free, counted, withObjective: !feasibilityOnly);
        var built = _clock.Elapsed.TotalSeconds;
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
            $"neighbourhood of {free.Count} ({string.Join(' ', free.Select(e => _instance.Staff[e].Id))}): {status.ToString().ToLowerInvariant()}, objective {(status is CpSolverStatus.Optimal or CpSolverStatus.Feasible ? solver.ObjectiveValue : double.NaN)}, build {built - started:F2} s, solve {_clock.Elapsed.TotalSeconds - built:F2} s of {limit:F2}"));
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible)) return (status, null);
        return (status, RosterGrid.Read(model, solver.BooleanValue, current));
    }

    private void Accept(RosterGrid grid, string? what)
    {
        var objective = RosterPenalty.Evaluate(_instance, grid).Total;
        if (objective > BestObjective) return;
        var improved = objective < BestObjective;
        Best = grid;
        BestObjective = objective;
        if (!improved) return;
        Improvements++;
        _context.Info(string.Create(CultureInfo.InvariantCulture,
            $"solution {Improvements}: objective {objective}{(what is null ? "" : " (" + what + ")")}, {Neighbourhoods} neighbourhoods, {_clock.Elapsed.TotalSeconds:F2} s"));
        _context.ReportIncumbent(new NurseSchedulingResult
        {
            Outcome = SolveOutcome.Feasible,
            Mode = NurseSchedulingMode.Optimize,
            Objective = objective,
            Roster = grid.ToRoster(_instance),
            Penalty = RosterPenalty.Evaluate(_instance, grid),
            Statistics = new SolverStatistics("running", 0, 0, _clock.Elapsed.TotalSeconds, Improvements, 0, 0),
        }, objective);
    }
}
