using System.Diagnostics;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Runs the lower bound beside the neighbourhood search, on one thread of its own, for a share of the time limit:
/// column generation over person rows (<see cref="RosterColumnGeneration"/>), whose bound is the Lagrangian
/// relaxation of cover at the master LP's (stabilised) duals, and between its rounds the restricted master
/// (<see cref="RosterRestrictedMaster"/>, price-and-branch) whose rosters better than the search's best are offered to
/// the search. It waits for the search's first roster (so the first roster comes as early as without it; its rows make
/// the master feasible from round 1), then works until its share is spent, the LP is solved and its master searched,
/// the bound reaches the incumbent, or the search ends. Where the DPs exceed their memory cap, nothing runs; where the
/// DP must price the minutes or the weekends (too many states to keep them), or column generation fails (it should
/// not), the subgradient bound (<see cref="RosterLagrangianBound"/>) runs instead, for <see cref="SubgradientTimeShare"/>.
/// </summary>
/// <remarks>
/// Why beside the search and not after it: the search's own deadline stays as it is, and on small instances the bound
/// has converged long before the search ends. Why a share: on a year of 100 people a round costs tenths of a second
/// and the search needs the cores.
/// </remarks>
internal sealed class RosterBoundWorker : IDisposable
{
    /// <summary>The worker's share of the time limit (wall time, on one thread) for column generation.</summary>
    public const double TimeShare = 0.3;

    /// <summary>The share for the subgradient bound, where column generation does not run.</summary>
    public const double SubgradientTimeShare = 0.15;

    /// <summary>The restricted master runs after this share of the worker's time has gone to rounds since the last
    /// one, and when the LP is solved; it gets at most <see cref="MasterShare"/> of the worker's time per call.</summary>
    private const double MasterEvery = 0.25;

    private const double MasterShare = 0.2;

    /// <summary>Columns per person in the restricted master: the ones of smallest reduced cost, plus the incumbent's.</summary>
    private const int MasterColumnsPerPerson = 40;

    private readonly RosterInstance _instance;
    private readonly Func<long> _incumbent;
    private readonly Func<RosterGrid?> _best;
    private readonly Action<RosterGrid, string> _offer;
    private readonly Action<string> _debug;
    private readonly SolveDeadline _deadline;
    private readonly CancellationToken _cancellation;
    private readonly CancellationTokenSource _finished = new();
    private readonly Thread _thread;
    private volatile bool _stop;
    private string _method = "";

    private RosterBoundWorker(RosterInstance instance, Func<long> incumbent, Func<RosterGrid?> best, Action<RosterGrid, string> offer,
        Action<string> debug, SolveDeadline deadline, CancellationToken cancellation)
    {
        _debug = debug;
        _instance = instance;
        _incumbent = incumbent;
        _best = best;
        _offer = offer;
        _deadline = deadline;
        _cancellation = cancellation;
        _thread = new Thread(Work) { IsBackground = true, Name = "roster lower bound" };
    }

    /// <summary>The bound when the thread ran at least one iteration; null otherwise.</summary>
    public RosterBoundResult? Result { get; private set; }

    /// <summary>Why no bound was computed (a person's own rules admit no row, or the thread failed), else null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Rosters the restricted master offered to the search (better than its best at the time).</summary>
    public int Offered { get; private set; }

    /// <summary>Starts the thread; <paramref name="incumbent"/> reads the search's best penalty (long.MaxValue before
    /// the first roster), <paramref name="best"/> its best roster (null before), <paramref name="offer"/> hands it a
    /// better one (thread-safe), <paramref name="debug"/> writes a debug line of the job log; <paramref name="deadline"/>
    /// is the job's.</summary>
    public static RosterBoundWorker Start(RosterInstance instance, Func<long> incumbent, Func<RosterGrid?> best, Action<RosterGrid, string> offer,
        Action<string> debug, SolveDeadline deadline, CancellationToken cancellation)
    {
        var worker = new RosterBoundWorker(instance, incumbent, best, offer, debug, deadline, cancellation);
        worker._thread.Start();
        return worker;
    }

    /// <summary>Stops the thread after its current iteration and waits for it.</summary>
    public RosterBoundResult? Finish()
    {
        _stop = true;
        _finished.Cancel();
        _thread.Join();
        return Result;
    }

    public void Dispose() => _finished.Dispose();

    /// <summary>One log line for the job log.</summary>
    public string Describe() => Result is { } r
        ? string.Create(CultureInfo.InvariantCulture,
            // A penalty is never negative: a relaxation value below 0 (prices not yet converged) proves only 0.
            $"lower bound {Math.Max(0, r.Bound)} from the Lagrangian relaxation of cover{(r.Bound < 0 ? $" (its value {r.Bound} proves no more than 0)" : "")} ({_method}{r.Iterations} iterations, {r.Seconds:F1} s; " +
            $"minutes {(r.MinutesExact ? "exact" : "priced")}, weekends {(r.WeekendsExact ? "exact" : "priced")} in each person's DP)")
        : "no Lagrangian lower bound: " + (Failure ?? "the search ended before it could run");

    private bool Stopped(double until) => _stop || _cancellation.IsCancellationRequested || _deadline.ElapsedSeconds >= until;

    private void Work()
    {
        try
        {
            // Wait for the first roster: construction needs the cores more, and its rows make the master feasible.
            while (_best() is null && !Stopped(_deadline.LimitSeconds)) Thread.Sleep(20);
            if (Stopped(_deadline.LimitSeconds) || _best() is not { } first) return;
            var until = Math.Min(_deadline.LimitSeconds, _deadline.ElapsedSeconds + TimeShare * _deadline.LimitSeconds);
            using var generation = new RosterColumnGeneration(_instance);
            if (generation.TooLarge)
            {
                Failure = $"the people's DPs would hold more than {RosterLagrangianBound.MaxStates:N0} states";
                return;
            }
            if (!generation.MinutesExact || !generation.WeekendsExact)
            {
                // Where the DP must price the minutes or weekends (Instances 13, 20, 23), the rows it finds rarely keep
                // them, few columns enter and the rounds are slow: measured at 60 s under load 20-25, Instance13's
                // bound stayed at its first round's value (-55,224 vs the subgradient's -13,316) after 8 rounds, and
                // Instance23 ran 1 round in 16 s while the search ended worse (215,033 vs 202,309). The subgradient
                // bound, with its old share, is the better use of the thread there.
                Subgradient();
                return;
            }
            ColumnGeneration(generation, first, until);
            if (generation.Infeasible) Failure = "some person's own rules admit no row";
        }
#pragma warning disable CA1031 // a failing bound must not fail the job: the search's roster is still the answer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = "the bound failed: " + ex.Message;
            Subgradient();
        }
    }

    /// <summary>Rounds of column generation, with the restricted master in between; the incumbent's rows join the pool
    /// whenever the search finds a new one.</summary>
    private void ColumnGeneration(RosterColumnGeneration generation, RosterGrid first, double until)
    {
        var clock = Stopwatch.StartNew();
        var share = until - _deadline.ElapsedSeconds;
        var known = first;
        generation.AddRoster(first);
        var sinceMaster = Stopwatch.StartNew();
        var searchedAfterConvergence = false;
        var masters = 0;
        while (!Stopped(until) && !generation.Infeasible)
        {
            if (_best() is { } best && !ReferenceEquals(best, known))
            {
                generation.AddRoster(best);
                known = best;
            }
            if (!generation.Converged) generation.Round(() => Stopped(until));
            Publish(generation, clock, masters);
            if (Result is { } r && r.Bound >= _incumbent()) return;
            if (searchedAfterConvergence) return;
            if (Stopped(until) || !(generation.Converged || sinceMaster.Elapsed.TotalSeconds >= MasterEvery * share)) continue;
            searchedAfterConvergence = generation.Converged;
            masters++;
            // Once the LP is solved its pool is final (but for new incumbents): the master gets the rest of the share.
            Master(generation, known, generation.Converged ? until - _deadline.ElapsedSeconds : Math.Min(MasterShare * share, until - _deadline.ElapsedSeconds));
            Publish(generation, clock, masters);
            sinceMaster.Restart();
        }
    }

    /// <summary>The bound so far, and what column generation has done for the log line.</summary>
    private void Publish(RosterColumnGeneration generation, Stopwatch clock, int masters)
    {
        if (double.IsNegativeInfinity(generation.BestBound)) return;
        _method = string.Create(CultureInfo.InvariantCulture,
            $"column generation: LP {generation.LpValue:F1}{(generation.Converged ? " (solved)" : "")}, {generation.ColumnCount} columns, {masters} restricted masters, {Offered} rosters offered to the search; ");
        Result = new RosterBoundResult(RosterBound.Round(generation.BestBound), generation.BestBound, generation.Rounds,
            clock.Elapsed.TotalSeconds, generation.MinutesExact, generation.WeekendsExact);
    }

    /// <summary>The restricted master over the columns of smallest reduced cost and the incumbent's; a roster better
    /// than the search's best goes to the search.</summary>
    private void Master(RosterColumnGeneration generation, RosterGrid incumbent, double seconds)
    {
        if (seconds <= 0.05) return;
        var columns = Enumerable.Range(0, _instance.StaffCount).Select(e =>
        {
            var own = generation.Columns(e);
            var row = new int[_instance.Days];
            for (var d = 0; d < _instance.Days; d++) row[d] = incumbent.Shift[e, d];
            var chosen = own.OrderBy(c => generation.ReducedCost(e, c)).Take(MasterColumnsPerPerson).ToList();
            if (!chosen.Any(c => c.Row.AsSpan().SequenceEqual(row)) && own.FirstOrDefault(c => c.Row.AsSpan().SequenceEqual(row)) is { } kept)
                chosen.Add(kept);
            return (IReadOnlyList<RosterColumn>)chosen;
        }).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellation, _finished.Token);
        var started = _deadline.ElapsedSeconds;
        var result = RosterRestrictedMaster.Solve(_instance, columns, incumbent, seconds, stop.Token);
        _debug(string.Create(CultureInfo.InvariantCulture,
            $"restricted master: {columns.Sum(c => c.Count)} columns, LP {generation.LpValue:F1}, bound {generation.BestBound:F1}, {generation.Rounds} rounds: " +
            $"{(result is null ? "no roster" : $"objective {result.Objective}{(result.Optimal ? " (optimal over these columns)" : "")}")} in {_deadline.ElapsedSeconds - started:F2} s of {seconds:F2}; search's best {_incumbent()}"));
        if (result is null) return;
        var penalty = RosterPenalty.Evaluate(_instance, result.Roster).Total;
        if (penalty >= _incumbent()) return;
        Offered++;
        _offer(result.Roster, string.Create(CultureInfo.InvariantCulture,
            $"restricted master over {columns.Sum(c => c.Count)} columns of column generation"));
    }

    /// <summary>The subgradient bound, where column generation does not run or failed.</summary>
    private void Subgradient()
    {
        try
        {
            var until = Math.Min(_deadline.LimitSeconds, _deadline.ElapsedSeconds + SubgradientTimeShare * _deadline.LimitSeconds);
            var bound = new RosterLagrangianBound(_instance);
            _method = "subgradient: ";
            var result = bound.Run(_incumbent, () => Stopped(until));
            if (result is not null && (Result is null || result.Bound > Result.Bound)) Result = result;
        }
#pragma warning disable CA1031 // as above
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure += "; the subgradient bound failed too: " + ex.Message;
        }
    }
}
