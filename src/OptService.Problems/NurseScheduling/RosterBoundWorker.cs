using System.Diagnostics;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Runs <see cref="RosterLagrangianBound"/> beside the neighbourhood search, on one thread of its own, for a share of
/// the time limit: it waits for the search's first roster (so the first roster comes as early as without it, and its
/// penalty is the target of the subgradient steps), then works until its share is spent, the step size has shrunk to
/// nothing, the bound reaches the incumbent, or the search ends.
/// </summary>
/// <remarks>
/// Why beside the search and not after it: the search's own deadline stays as it is (no code of the search changes),
/// and on small instances the bound has converged long before the search ends. Why a share: on a year of 100 people
/// an iteration costs tenths of a second and the bound keeps improving slowly, while the search needs the cores.
/// </remarks>
internal sealed class RosterBoundWorker
{
    /// <summary>The bound's share of the time limit (wall time, on one thread).</summary>
    public const double TimeShare = 0.15;

    private readonly RosterInstance _instance;
    private readonly Func<long> _incumbent;
    private readonly SolveDeadline _deadline;
    private readonly CancellationToken _cancellation;
    private readonly Thread _thread;
    private volatile bool _stop;

    private RosterBoundWorker(RosterInstance instance, Func<long> incumbent, SolveDeadline deadline, CancellationToken cancellation)
    {
        _instance = instance;
        _incumbent = incumbent;
        _deadline = deadline;
        _cancellation = cancellation;
        _thread = new Thread(Work) { IsBackground = true, Name = "roster lower bound" };
    }

    /// <summary>The bound when the thread ran at least one iteration; null otherwise.</summary>
    public RosterBoundResult? Result { get; private set; }

    /// <summary>Why no bound was computed (a person's own rules admit no row, or the thread failed), else null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Starts the thread; <paramref name="incumbent"/> reads the search's best penalty (long.MaxValue before
    /// the first roster); <paramref name="deadline"/> is the job's.</summary>
    public static RosterBoundWorker Start(RosterInstance instance, Func<long> incumbent, SolveDeadline deadline, CancellationToken cancellation)
    {
        var worker = new RosterBoundWorker(instance, incumbent, deadline, cancellation);
        worker._thread.Start();
        return worker;
    }

    /// <summary>Stops the thread after its current iteration and waits for it.</summary>
    public RosterBoundResult? Finish()
    {
        _stop = true;
        _thread.Join();
        return Result;
    }

    /// <summary>One log line for the job log.</summary>
    public string Describe() => Result is { } r
        ? string.Create(CultureInfo.InvariantCulture,
            // A penalty is never negative: a relaxation value below 0 (prices not yet converged) proves only 0.
            $"lower bound {Math.Max(0, r.Bound)} from the Lagrangian relaxation of cover{(r.Bound < 0 ? $" (its value {r.Bound} proves no more than 0)" : "")} ({r.Iterations} iterations, {r.Seconds:F1} s; " +
            $"minutes {(r.MinutesExact ? "exact" : "priced")}, weekends {(r.WeekendsExact ? "exact" : "priced")} in each person's DP)")
        : "no Lagrangian lower bound: " + (Failure ?? "the search ended before it could run");

    private bool Stopped(double until) => _stop || _cancellation.IsCancellationRequested || _deadline.ElapsedSeconds >= until;

    private void Work()
    {
        try
        {
            // Wait for the first roster: construction needs the cores more, and its penalty steers the steps.
            while (_incumbent() == long.MaxValue && !Stopped(_deadline.LimitSeconds)) Thread.Sleep(20);
            if (Stopped(_deadline.LimitSeconds)) return;
            var until = Math.Min(_deadline.LimitSeconds, _deadline.ElapsedSeconds + TimeShare * _deadline.LimitSeconds);
            var bound = new RosterLagrangianBound(_instance);
            Result = bound.Run(_incumbent, () => Stopped(until));
            if (Result is null)
                Failure = bound.TooLarge
                    ? $"the people's DPs would hold more than {RosterLagrangianBound.MaxStates:N0} states"
                    : "some person's own rules admit no row";
        }
#pragma warning disable CA1031 // a failing bound must not fail the job: the search's roster is still the answer
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Failure = "the bound failed: " + ex.Message;
        }
    }
}
