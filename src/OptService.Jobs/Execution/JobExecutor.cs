using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OptService.Kinds;
using OptService.Jobs.Memory;
using OptService.Jobs.Store;
using OptService.Jobs.Submission;

namespace OptService.Jobs.Execution;

/// <summary>
/// Runs one job: claims it in the store, solves it through its kind while a heartbeat renews the lease,
/// streams logs and watches for cancellation, then records exactly one terminal state. Re-entrant:
/// a queue entry for a job that is finished or owned by a live worker exits at once.
/// </summary>
public sealed partial class JobExecutor(
    JobStore store,
    ProblemKindCatalog kinds,
    RunningJobs running,
    JobEvents events,
    WorkerMemoryGate memory,
    JobMemoryBudget budget,
    ParsedProblems parsedProblems,
    IOptions<JobsOptions> options,
    ILogger<JobExecutor> logger)
{
    private static readonly TimeSpan MaxStoreRetryDelay = TimeSpan.FromSeconds(1);

    private readonly JobsOptions _options = options.Value;

    /// <summary>Identifies this process as a job owner (host, pid, start) in leases and logs.</summary>
    public static string Owner { get; } =
        $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>
    /// Runs the jobs that should start next, one after another, until none may start: a queue entry only
    /// wakes a worker slot, and the store decides which job it runs (priority, fair share between API keys,
    /// age; see <c>JobStore.TryStartNextAsync</c>). Draining here is what lets a job that had to wait (its key
    /// at <c>MaxRunning</c>, or behind a higher priority) start the moment a slot frees, with no entry of its own.
    /// </summary>
    /// <param name="wakeUp">The job whose entry woke this slot; it may be run by another slot, and this slot may run others.</param>
    /// <param name="shutdown">Fires when this process stops: a running job goes back to the queue, not to a terminal state.</param>
    public async Task RunAsync(Guid wakeUp, CancellationToken shutdown)
    {
        var ran = 0;
        while (!shutdown.IsCancellationRequested)
        {
            var claim = await UntilStoredAsync(() =>
            {
                var at = DateTimeOffset.UtcNow;
                return store.TryStartNextAsync(Owner, at, at + _options.Lease, parsedProblems.Held(), CancellationToken.None);
            }, shutdown);
            if (claim is null)
            {
                if (ran == 0) LogNotClaimed(logger, wakeUp);
                return;
            }
            ran++;
            await RunClaimedAsync(claim, shutdown);
            // Nothing else was startable at the claim: a job submitted since has its own queue entry, unless
            // unfetched entries outnumbered the queued jobs (JobSubmitter), and then those wake slots that drain.
            // The end of a capped key's job may let that key's next job start, which may have no entry left.
            if (!claim.MoreWaiting && !claim.KeyCapped) return;
        }
    }

    private async Task RunClaimedAsync(ClaimedJob claim, CancellationToken shutdown)
    {
        var id = claim.Id;
        var now = DateTimeOffset.UtcNow;
        if (claim.Attempt > _options.MaxAttempts)
        {
            await store.FailUnstartedAsync(id, JobFailures.StartedTooOften(claim.Attempt - 1), now, CancellationToken.None);
            events.Finished(id);
            return;
        }
        if (kinds.Find(claim.Kind) is not { } kind)
        {
            await store.FailUnstartedAsync(id, $"this process does not know the problem kind '{claim.Kind}'", now, CancellationToken.None);
            events.Finished(id);
            return;
        }

        // The problem object this process parsed at submission, or the stored JSON, read after the claim
        // outside the store's write gate (null only if the job was purged meanwhile).
        var loading = Stopwatch.StartNew();
        var parsed = parsedProblems.Take(id);
        var problem = parsed is null ? claim.Problem ?? await UntilStoredAsync(() => store.GetProblemAsync(id, CancellationToken.None), shutdown) : null;
        if (parsed is null && problem is null) return;
        var loadedMs = loading.Elapsed.TotalMilliseconds;

        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var context = new JobSolveContext(id, _options.MaxLogLinesPerJob, cancellation.Token);
        context.Info(string.Create(CultureInfo.InvariantCulture, $"started on {Owner} (attempt {claim.Attempt})"));
        // Said at the end, so that the lines a solve starts with stay as they were.
        var problemSource = problem is null
            ? "the problem as parsed at submission, from this process"
            : claim.Problem is not null
                ? string.Create(CultureInfo.InvariantCulture, $"the problem ({problem.Length} bytes) read from the store with the claim")
                : string.Create(CultureInfo.InvariantCulture, $"the problem ({problem.Length} bytes) read from the store in {loadedMs:0.0} ms");
        if (claim.WarmStartFrom is { } warmStartFrom) context.WarmStart = await LoadWarmStartAsync(warmStartFrom, claim.Kind, context, shutdown);
        if (claim.CancelRequested) await cancellation.CancelAsync();
        running.Add(id, cancellation);
        var memoryWatch = JobMemoryWatch.Start(budget.LimitBytes(claim.Kind));
        // Stopped by disposing the timer, which ends the loop without an exception: thrown and caught
        // once per job, an OperationCanceledException cost a few per cent of the CPU at hundreds of jobs/s.
        var heartbeatTimer = new PeriodicTimer(_options.HeartbeatInterval);
        var heartbeat = HeartbeatLoopAsync(id, context, cancellation, memoryWatch, heartbeatTimer);
        var clock = Stopwatch.StartNew();
        JobCompletion? completion = null;
        try
        {
            using var reservation = await memory.ReserveAsync(claim.MemoryEstimate, context, cancellation.Token);
            var report = parsed is not null ? await kind.SolveParsedAsync(parsed, context) : await kind.SolveAsync(problem!, context);
            completion = memoryWatch.Reason is { } tooMuch
                ? Stopped(tooMuch, context)
                : Complete(report, cancellation.IsCancellationRequested, context);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            // Cancelled (or stopped for memory) while waiting for memory: it never started solving.
            completion = memoryWatch.Reason is { } tooMuch
                ? Stopped(tooMuch, context)
                : new JobCompletion(JobStatus.Cancelled, SolveOutcome.NotSolved, null, null, "cancelled before it started solving", null, DateTimeOffset.UtcNow);
        }
        catch (Exception exception) when (!shutdown.IsCancellationRequested)
        {
            // A solver failure is job state, not a crash of the worker, and not retried: the same input fails the same way.
            LogSolveFailed(logger, exception, id);
            context.Log(JobLogLevel.Error, $"failed: {exception.GetType().Name}: {exception.Message}");
            completion = new JobCompletion(JobStatus.Failed, null, null, exception.Message, null, null, DateTimeOffset.UtcNow);
        }
        catch (Exception) when (shutdown.IsCancellationRequested)
        {
            // handled below: the job goes back to the queue
        }
        finally
        {
            running.Remove(id);
            heartbeatTimer.Dispose();
            await heartbeat;
            // The stopped solve's memory goes back now, not at the next job's allocations.
            if (memoryWatch.Reason is not null) GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        // The user did not cancel, the process is stopping: hand the job back instead of ending it.
        var userCancelled = cancellation.IsCancellationRequested && !shutdown.IsCancellationRequested;
        if (completion is null || (shutdown.IsCancellationRequested && !userCancelled))
        {
            context.Warn("this process is shutting down; the job goes back to the queue");
            await store.RequeueAsync(id, Owner, context.Drain(), CancellationToken.None);
            return;
        }
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"finished: {completion.Status.ToWireName()}{(completion.Outcome is { } o ? ", outcome " + JsonNamingPolicy.CamelCase.ConvertName(o.ToString()) : "")}" +
            $"{(completion.Objective is { } z ? ", objective " + z.ToString("R", CultureInfo.InvariantCulture) : "")} in {clock.Elapsed.TotalMilliseconds:F1} ms; {problemSource}"));
        var output = context.Drain();
        if (!await UntilStoredAsync(() => store.FinishAsync(id, Owner, completion, output, CancellationToken.None), shutdown))
            LogLeaseLost(logger, id);
        events.Finished(id);
    }

    /// <summary>
    /// The earlier job's stored result for <see cref="ISolveContext.WarmStart"/>. The API checked at submission that it
    /// was there; if it was purged since (retention, <c>DELETE ?purge=true</c>), the job solves from scratch and says so.
    /// </summary>
    private async Task<WarmStart?> LoadWarmStartAsync(Guid from, string kind, JobSolveContext context, CancellationToken shutdown)
    {
        var stored = await UntilStoredAsync(() => store.GetResultAsync(from, CancellationToken.None), shutdown);
        if (stored is null)
        {
            context.Warn($"warm start: job {from} or its result was deleted after this job was submitted; solving from scratch");
            return null;
        }
        // The kind reads the earlier result as its record (WarmStart.ResultAs); off the result's hot path, so a string here.
        var result = Encoding.UTF8.GetString(stored);
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"warm start: the result of job {from} ({result.Length} characters of JSON) goes to the {kind} solve"));
        return new WarmStart(from, result);
    }

    private static JobCompletion Complete(SolveReport report, bool cancelRequested, JobSolveContext context)
    {
        if (report.Message is { } message)
            context.Log(report.Outcome is SolveOutcome.Optimal or SolveOutcome.Feasible ? JobLogLevel.Info : JobLogLevel.Warning, message);
        // A proven verdict (optimal, infeasible, unbounded) means the solve ran to its end: a cancel that
        // arrived meanwhile interrupted nothing, so the job succeeded. Only a solve cut short is cancelled.
        var cancelled = cancelRequested && report.Outcome is not (SolveOutcome.Optimal or SolveOutcome.Infeasible or SolveOutcome.Unbounded);
        if (cancelRequested && !cancelled) context.Info("the solve had reached its verdict when the cancel arrived; the job succeeded");
        var writing = Stopwatch.StartNew();
        // UTF-8 from here to the store and from the store to the response: no string of it is made on the way.
        var result = report.Result switch
        {
            null => null,
            // A result of hundreds of thousands of records writes itself, as the serializer would, faster.
            ISelfSerializingResult own => own.ToUtf8Json(),
            var any => JsonSerializer.SerializeToUtf8Bytes(any, any.GetType(), JobJson.Options),
        };
        // Said only for large results, where it takes time (the log of a small job stays as it was).
        if (result is { Length: >= 1 << 20 })
            context.Debug(string.Create(CultureInfo.InvariantCulture, $"result JSON: {result.Length} bytes in {writing.Elapsed.TotalMilliseconds:0} ms"));
        return new JobCompletion(cancelled ? JobStatus.Cancelled : JobStatus.Succeeded, report.Outcome, report.Objective,
            null, report.Message, result, DateTimeOffset.UtcNow);
    }

    /// <summary>A solve stopped because it grew past its memory limit: the job fails with the reason.</summary>
    private static JobCompletion Stopped(string reason, JobSolveContext context)
    {
        context.Log(JobLogLevel.Error, reason);
        return new JobCompletion(JobStatus.Failed, null, null, reason, null, null, DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// Renews the lease, writes pending output, turns a stored cancel request into cancellation and stops a
    /// solve that grew past its memory limit.
    /// </summary>
    /// <remarks>Runs until <paramref name="timer"/> is disposed (the run ended).</remarks>
    private async Task HeartbeatLoopAsync(Guid id, JobSolveContext context, CancellationTokenSource cancellation, JobMemoryWatch memoryWatch, PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync())
        {
            // The reason is logged when the run ends (Stopped).
            if (!cancellation.IsCancellationRequested && memoryWatch.Exceeded()) await cancellation.CancelAsync();
            // Not cancelled when the run ends: a write cut short after Drain() would lose the drained lines.
            // The final write waits for this one, which the command timeout bounds.
            var output = context.Drain();
            try
            {
                var beat = await store.HeartbeatAsync(id, Owner, DateTimeOffset.UtcNow + _options.Lease, output, CancellationToken.None);
                if (beat.CancelRequested || !beat.LeaseHeld)
                {
                    if (!beat.LeaseHeld) LogLeaseLost(logger, id);
                    await cancellation.CancelAsync();
                }
            }
            catch (Exception exception)
            {
                // The store may be briefly away; the lease is long enough to ride it out, and the
                // output goes out with the next beat or the final write.
                context.Restore(output);
                LogHeartbeatFailed(logger, exception, id);
            }
        }
    }

    /// <summary>
    /// Runs a claim or a final write until the store takes it. When the database is away (a restart, or
    /// a pooled connection that the restart broke) giving up would lose the job, whose queue entry is
    /// consumed, or the solve's result; so this waits for the database, until the process stops.
    /// </summary>
    private async Task<T> UntilStoredAsync<T>(Func<Task<T>> write, CancellationToken shutdown)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await write();
            }
            catch (DbException exception) when (!shutdown.IsCancellationRequested)
            {
                LogStoreAway(logger, exception, delay.TotalMilliseconds);
                await Task.Delay(delay, shutdown);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxStoreRetryDelay.Ticks));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The job store did not take a write; trying again in {DelayMs} ms")]
    private static partial void LogStoreAway(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Woken by job {JobId}, but no job may start now: taken by other slots, or their keys at their limit")]
    private static partial void LogNotClaimed(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job {JobId}: the solver threw")]
    private static partial void LogSolveFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: this process lost its lease; another worker owns the job now")]
    private static partial void LogLeaseLost(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {JobId}: heartbeat failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, Guid jobId);
}
