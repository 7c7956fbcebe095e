namespace OptService.Jobs.Progress;

/// <summary>
/// One thing that happened to a job, as its event stream and its webhooks tell it. <see cref="Cursor"/> is
/// where a reader stands once it has this event (the stream's event id).
/// </summary>
public abstract record JobProgressEvent(ProgressCursor Cursor)
{
    /// <summary>The event's name on the wire: <c>status</c>, <c>log</c>, <c>incumbent</c>, <c>finished</c>.</summary>
    public abstract string Name { get; }
}

/// <summary>The job entered <paramref name="Status"/> (start number <paramref name="Attempt"/>, 0 before the first start).</summary>
public sealed record StatusChanged(ProgressCursor Cursor, JobStatus Status, DateTimeOffset? Time, int Attempt) : JobProgressEvent(Cursor)
{
    public override string Name => "status";
}

/// <summary>A line of the job's log, with the sequence number <c>/logs</c> gives it.</summary>
public sealed record LogWritten(ProgressCursor Cursor, JobLogLine Line) : JobProgressEvent(Cursor)
{
    public override string Name => "log";
}

/// <summary>
/// The running solve published a better solution: its objective and, where the kind reports one, the proven bound
/// (read from the incumbent's <c>bound</c> or <c>bestBound</c>). Read <c>/incumbent</c> for the solution itself.
/// </summary>
public sealed record IncumbentFound(ProgressCursor Cursor, double? Objective, double? Bound, DateTimeOffset? Time, long Number) : JobProgressEvent(Cursor)
{
    public override string Name => "incumbent";
}

/// <summary>The job ended; <paramref name="Job"/> is its final state. Nothing follows.</summary>
public sealed record JobFinished(ProgressCursor Cursor, JobRecord Job) : JobProgressEvent(Cursor)
{
    public override string Name => "finished";
}
