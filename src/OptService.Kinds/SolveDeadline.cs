using System.Diagnostics;

namespace OptService.Kinds;

/// <summary>
/// A job's time limit counted from the start of its solve: when the kind was handed the job, before the stored
/// problem is deserialized, so that parsing, model building and presolve spend the same budget as the search.
/// Every kind asks it how much time is left (<see cref="RemainingSeconds"/>) when it hands a limit to a solver.
/// </summary>
public sealed class SolveDeadline
{
    private readonly long _start;

    private SolveDeadline(long start, double limitSeconds)
    {
        _start = start;
        LimitSeconds = limitSeconds;
    }

    /// <summary>The job's limit, in seconds from its start.</summary>
    public double LimitSeconds { get; }

    /// <summary>The limit counted from the start of <paramref name="context"/>'s solve (<see cref="ProblemKind{TProblem, TResult}"/>
    /// marks it); from now for a context that was not handed through a kind (a test calling a solve step directly).</summary>
    public static SolveDeadline Of(ISolveContext context, double limitSeconds) =>
        new(context is ISolveClock clock ? clock.StartTimestamp : Stopwatch.GetTimestamp(), limitSeconds);

    /// <summary>Time since the job's solve started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_start);

    public double ElapsedSeconds => Elapsed.TotalSeconds;

    /// <summary>The limit less the time spent so far, never below zero.</summary>
    public double RemainingSeconds => Math.Max(0, LimitSeconds - ElapsedSeconds);

    /// <summary>What is left, but at least <paramref name="floorSeconds"/>: for solvers that reject a zero limit (they
    /// stop at once with a small one, and the caller reports the time limit).</summary>
    public double RemainingAtLeast(double floorSeconds) => Math.Max(floorSeconds, RemainingSeconds);

    public bool HasPassed => ElapsedSeconds >= LimitSeconds;

    /// <summary>A token that fires when the job is cancelled or the limit passes, for phases that only take a token.</summary>
    public CancellationTokenSource CancelAtDeadline(CancellationToken cancellation)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var left = LimitSeconds - ElapsedSeconds;
        if (left <= 0) source.Cancel();
        else if (left < int.MaxValue / 1000.0) source.CancelAfter(TimeSpan.FromSeconds(left));
        return source;
    }
}

/// <summary>A solve context that knows when its solve started (a <see cref="Stopwatch"/> timestamp).</summary>
public interface ISolveClock
{
    long StartTimestamp { get; }
}

/// <summary>The caller's context, marked with the moment the kind was handed the job.</summary>
internal sealed class ClockedSolveContext(ISolveContext inner, long startTimestamp) : ISolveContext, ISolveClock
{
    public static ISolveContext Wrap(ISolveContext context) =>
        context is ISolveClock ? context : new ClockedSolveContext(context, Stopwatch.GetTimestamp());

    public long StartTimestamp => startTimestamp;
    public Guid JobId => inner.JobId;
    public WarmStart? WarmStart => inner.WarmStart;
    public CancellationToken Cancellation => inner.Cancellation;
    public void Log(JobLogLevel level, string message) => inner.Log(level, message);
    public void AddArtifact(string name, string contentType, byte[] content) => inner.AddArtifact(name, contentType, content);
    public void ReportIncumbent(object partialResult, double? objective) => inner.ReportIncumbent(partialResult, objective);
}
