using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// Column generation's lower bound (<see cref="RosterColumnGeneration"/>, no restricted master) on a thread of its own
/// beside the full CP-SAT model of small instances: it stops when its LP is solved, after
/// <see cref="TimeShare"/> of the time limit, or when CP-SAT returns; once its LP is solved, the restricted master
/// (<see cref="RosterRestrictedMaster"/>) searches its columns for the rest of the share, and the better of its roster and
/// CP-SAT's is the answer. The bound is valid for hard cover bounds too (it ignores them, which only lowers a
/// minimum); with hard cover bounds no master runs.
/// </summary>
/// <remarks>Why: where the time limit stops CP-SAT's proof its bound can lag (Instance6 at 60 s under load 15-20:
/// 1,942 for a roster of 2,147), while column generation solves its LP in 31 rounds, 0.5 s, to 1,949 (optimum 1,950).
/// On Instances 1-3 it costs a few hundredths of a second.</remarks>
internal sealed class RosterFullModelBound : IDisposable
{
    /// <summary>The most it runs, as a share of the time limit.</summary>
    public const double TimeShare = 0.1;

    private readonly CancellationTokenSource _stop = new();
    private readonly Task<RosterBoundResult?> _task;
    private string _what = "";

    private RosterFullModelBound(RosterInstance instance, SolveDeadline deadline, CancellationToken cancellation)
    {
        var until = Math.Min(deadline.LimitSeconds, deadline.ElapsedSeconds + TimeShare * deadline.LimitSeconds);
        var stop = _stop.Token;
        _task = Task.Factory.StartNew(() =>
        {
            try
            {
                using var generation = new RosterColumnGeneration(instance);
                var result = generation.Run(null, () => long.MaxValue,
                    () => stop.IsCancellationRequested || cancellation.IsCancellationRequested || deadline.ElapsedSeconds >= until);
                _what = string.Create(CultureInfo.InvariantCulture,
                    $"LP {generation.LpValue:F1}{(generation.Converged ? " (solved)" : "")}, {generation.ColumnCount} columns, {generation.Rounds} rounds");
                // Price-and-branch on the solved LP, for what is left of the share; not with hard cover bounds, which
                // the master does not keep.
                var left = until - deadline.ElapsedSeconds;
                if (generation.Converged && left > 0.05 && !instance.Cover.Any(c => c.Minimum is not null || c.Maximum is not null))
                {
                    using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, cancellation);
                    var columns = Enumerable.Range(0, instance.StaffCount).Select(generation.Columns).ToList();
                    Roster = RosterRestrictedMaster.Solve(instance, columns, null, left, both.Token)?.Roster;
                }
                return result;
            }
#pragma warning disable CA1031 // a failing bound must not fail the job: CP-SAT's bound still stands
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _what = "failed: " + ex.Message;
                return null;
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public static RosterFullModelBound Start(RosterInstance instance, SolveDeadline deadline, CancellationToken cancellation) =>
        new(instance, deadline, cancellation);

    /// <summary>The restricted master's roster over the solved LP's columns (every person's rules kept), or null; read
    /// after <see cref="Finish"/>.</summary>
    public RosterGrid? Roster { get; private set; }

    /// <summary>Stops it after its current round (milliseconds on these sizes) and returns the bound, or null.</summary>
    public RosterBoundResult? Finish()
    {
        _stop.Cancel();
        return _task.GetAwaiter().GetResult();
    }

    /// <summary>One log line.</summary>
    public string Describe() => _task.IsCompletedSuccessfully && _task.Result is { } r
        ? string.Create(CultureInfo.InvariantCulture, $"lower bound {Math.Max(0, r.Bound)} from column generation over person rows ({_what}, {r.Seconds:F2} s)")
        : "no column generation bound: " + _what;

    public void Dispose() => _stop.Dispose();
}
