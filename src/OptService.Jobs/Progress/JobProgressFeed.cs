using System.Text.Json;
using OptService.Jobs.Store;

namespace OptService.Jobs.Progress;

/// <summary>
/// Reads what happened to a job after a <see cref="ProgressCursor"/>, from the store alone, so that a reader in
/// any process sees the same events with the same cursors whichever process ran the job.
/// </summary>
/// <remarks>
/// Order within one read: lifecycle changes up to running, then log lines, then the newest incumbent, then (once
/// the job is terminal and its log read to the end) the terminal status and <see cref="JobFinished"/>. The job row
/// is read first: a job that is terminal in it has all its log lines stored (they are written in the transaction
/// that ends it), so the log read after it is complete. Steps the reader missed between two reads are filled in
/// from the row (a job queued, run and finished between two reads still shows queued and running, at their times);
/// intermediate incumbents are not stored, only the newest.
/// </remarks>
public sealed class JobProgressFeed(JobStore store)
{
    /// <summary>The events after <paramref name="after"/>, and the job (null when it does not exist or is gone).</summary>
    /// <param name="id">The job.</param>
    /// <param name="after">What the reader has seen.</param>
    /// <param name="withLogs">Whether log lines are wanted (webhooks do not send them).</param>
    /// <param name="maxLogLines">Most log lines in one read; when more wait, the job's end is told by a later read.</param>
    /// <param name="ct">Stops the read.</param>
    public async Task<(IReadOnlyList<JobProgressEvent> Events, JobSnapshot? Snapshot)> ReadAsync(
        Guid id, ProgressCursor after, bool withLogs, int maxLogLines, CancellationToken ct)
    {
        var events = new List<JobProgressEvent>();
        if (after.IsFinished || await store.GetSnapshotAsync(id, ct) is not { } snapshot) return (events, null);
        var job = snapshot.Job;
        var cursor = after;
        var step = ProgressCursor.StepOf(job.Status, job.Attempts);

        if (cursor.Step < 0)
        {
            cursor = cursor with { Step = 0 };
            events.Add(new StatusChanged(cursor, JobStatus.Queued, job.CreatedAt, 0));
        }
        if (cursor.Step < 1 && job.StartedAt is not null && step >= 1)
        {
            // Started before this reader looked (or between two reads): the first start, at its time.
            cursor = cursor with { Step = 1 };
            events.Add(new StatusChanged(cursor, JobStatus.Running, job.StartedAt, 1));
        }
        if (step < ProgressCursor.Terminal && step > cursor.Step)
        {
            cursor = cursor with { Step = step };
            events.Add(new StatusChanged(cursor, job.Status, job.Status == JobStatus.Running ? job.StartedAt : null, job.Attempts));
        }

        var logsComplete = true;
        if (withLogs && snapshot.LogSeq > cursor.LogSeq)
        {
            var lines = await store.GetLogsAsync(id, cursor.LogSeq, maxLogLines, ct);
            foreach (var line in lines)
            {
                cursor = cursor with { LogSeq = line.Seq };
                events.Add(new LogWritten(cursor, line));
            }
            logsComplete = lines.Count < maxLogLines;
        }

        if (step < ProgressCursor.Terminal && snapshot.IncumbentSeq > cursor.IncumbentSeq)
        {
            var bound = BoundOf(await store.GetIncumbentAsync(id, ct));
            cursor = cursor with { IncumbentSeq = snapshot.IncumbentSeq };
            events.Add(new IncumbentFound(cursor, job.Objective, bound, snapshot.IncumbentAt, snapshot.IncumbentSeq));
        }

        if (step >= ProgressCursor.Terminal && logsComplete)
        {
            if (cursor.Step < ProgressCursor.Terminal)
            {
                cursor = cursor with { Step = ProgressCursor.Terminal };
                events.Add(new StatusChanged(cursor, job.Status, job.FinishedAt, job.Attempts));
            }
            cursor = cursor with { Step = ProgressCursor.Finished };
            events.Add(new JobFinished(cursor, job));
        }
        return (events, snapshot);
    }

    /// <summary>The proven bound of an incumbent, where the kind reports one (CP-SAT and nurse rosters: <c>bound</c>; LP/MIP: <c>bestBound</c>).</summary>
    internal static double? BoundOf(string? incumbentJson)
    {
        if (incumbentJson is null) return null;
        try
        {
            using var document = JsonDocument.Parse(incumbentJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            foreach (var name in (ReadOnlySpan<string>)["bound", "bestBound"])
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number)
                    return value.GetDouble();
            return null;
        }
        catch (JsonException)
        {
            return null; // a kind's incumbent is its own JSON; one without a readable bound just has none
        }
    }
}
