using System.Globalization;

namespace OptService.Jobs.Progress;

/// <summary>
/// How far a reader has followed a job, made only of numbers the store keeps, so that any process can carry on
/// from it (an event stream resumed with <c>Last-Event-ID</c> on another API process, a webhook sweep on another
/// worker): the last log line's sequence number, the lifecycle step and the number of incumbents seen.
/// Written <c>log.step.incumbent</c>, e.g. <c>12.1.3</c>.
/// </summary>
/// <remarks>
/// Lifecycle steps follow the stored status and start count (<c>attempts</c>): queued before start <i>a</i>+1 is
/// 2<i>a</i>, running start <i>a</i> is 2<i>a</i>−1, so a job requeued by a stopping process and started again
/// moves on; every terminal status is <see cref="Terminal"/>, and the final job view after it is <see cref="Finished"/>.
/// </remarks>
public readonly record struct ProgressCursor(long LogSeq, long Step, long IncumbentSeq)
{
    /// <summary>Nothing seen yet: a new reader gets the whole history.</summary>
    public static ProgressCursor Start { get; } = new(0, -1, 0);

    public const long Terminal = 1_000_000;
    public const long Finished = Terminal + 1;

    /// <summary>Whether the reader has seen the end (nothing follows).</summary>
    public bool IsFinished => Step >= Finished;

    /// <summary>The lifecycle step of a status at a start count (see the remarks on the type).</summary>
    public static long StepOf(JobStatus status, int attempts) => status switch
    {
        JobStatus.Queued => 2L * attempts,
        JobStatus.Running => Math.Max(1, (2L * attempts) - 1),
        _ => Terminal,
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{LogSeq}.{Step}.{IncumbentSeq}");

    /// <summary>Reads <c>log.step.incumbent</c> (three whole numbers, the step at least −1, the others at least 0).</summary>
    public static bool TryParse(string? text, out ProgressCursor cursor)
    {
        cursor = Start;
        var parts = text?.Split('.');
        if (parts is not { Length: 3 }
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var log)
            || !long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var step) || step < -1 || step > Finished
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var incumbent))
            return false;
        cursor = new ProgressCursor(log, step, incumbent);
        return true;
    }
}
