using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using OptService.Api.Access;
using OptService.Api.EventStream;
using Microsoft.Extensions.Options;
using OptService.Api.Hosting;
using OptService.Jobs;
using Microsoft.OpenApi;
using OptService.Jobs.Execution;
using OptService.Jobs.Files;
using OptService.Kinds;
using OptService.Jobs.Store;

namespace OptService.Api.JobsApi;

/// <summary>The v1 jobs API: submit, read status/result/logs/files, cancel, list.</summary>
internal static class JobsApi
{
    private const int DefaultListLimit = 50;
    private const int MaxListLimit = 1000;
    private const int MaxLogPage = 10_000;

    public static WebApplication MapJobsApi(this WebApplication app)
    {
        var kinds = app.Services.GetRequiredService<ProblemKindCatalog>();
        var maxWaitSeconds = app.Services.GetRequiredService<IOptions<ApiLimits>>().Value.MaxWaitSeconds;
        // Any request can find the job store away (database restart): 503 + Retry-After, never 500.
        var jobs = app.MapGroup("/api/v1/jobs").WithTags("Jobs")
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status503ServiceUnavailable, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]));
        SubmitEndpoints.MapSubmitEndpoints(jobs, kinds);
        jobs.MapEventStream();

        jobs.MapGet("/", ListJobs).WithName("ListJobs").WithSummary("List jobs, newest first")
            .WithMetadata(new QueryParameterDocs(
            [
                new("kind", typeof(string), "Only jobs of this kind.") { AllowedValues = kinds.All.Select(k => k.Name).Order(StringComparer.Ordinal).ToList() },
                new("status", typeof(JobStatus), "Only jobs in this status."),
                new("priority", typeof(JobPriority), "Only jobs of this priority."),
                new("limit", typeof(int), "Most jobs to list.") { Minimum = 1, Maximum = MaxListLimit, Default = DefaultListLimit },
            ]));
        jobs.MapGet("/{id}", GetJob).WithName("GetJob")
            .WithSummary("A job's status; ?waitSeconds=N (N ≤ 60) holds the request until it finishes")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new QueryParameterDocs(
            [
                new("waitSeconds", typeof(double), "Hold the request until the job finishes or this many seconds pass (0: answer at once).")
                    { Minimum = 0, Maximum = maxWaitSeconds, Default = 0 },
            ]));
        jobs.MapGet("/{id}/result", GetResult).WithName("GetResult")
            .WithSummary("The kind's result JSON; 409 while the job is unfinished (typed per kind: GET /api/v1/jobs/{kind}/{id}/result)")
            .WithMetadata(new ResultOfAnyKind())
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        jobs.MapGet("/{id}/incumbent", GetIncumbent).WithName("GetIncumbent")
            .WithSummary("The best solution found so far by a running job (the result once finished; typed per kind: GET /api/v1/jobs/{kind}/{id}/incumbent)")
            .WithMetadata(new ResultOfAnyKind())
            .ProducesProblem(StatusCodes.Status404NotFound);
        KindResultEndpoints.MapKindResultEndpoints(jobs, kinds);
        jobs.MapGet("/{id}/logs", GetLogs).WithName("GetLogs")
            .WithSummary("Ordered log lines after afterSeq: lifecycle events and the solver's own output")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithMetadata(new QueryParameterDocs(
            [
                new("afterSeq", typeof(long), "Return the lines after this sequence number (pass the previous page's nextAfterSeq).") { Minimum = 0, Default = 0 },
                new("limit", typeof(int), "Most lines to return.") { Minimum = 1, Maximum = MaxLogPage, Default = MaxLogPage },
            ]));
        jobs.MapGet("/{id}/artifacts", ListArtifacts).WithName("ListArtifacts").WithSummary("Files of the job; model exports and solution CSVs are written at their first download (size null until then)")
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/{id}/artifacts/{name}", GetArtifact).WithName("GetArtifact").WithSummary("Download one file")
            .Produces(StatusCodes.Status200OK)
            .WithMetadata(new FileDownload())
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapDelete("/{id}", DeleteJob).WithName("CancelJob")
            .WithSummary("Cancel: a queued job never starts, a running solve is interrupted and keeps its best solution; " +
                         "?purge=true deletes a finished job with its logs and files")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithMetadata(new QueryParameterDocs(
            [
                new("purge", typeof(bool), "Delete the finished job with its logs and files instead of cancelling (204; 409 while it runs).") { Default = false },
            ]));
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<JobView>>, ValidationProblem>> ListJobs(
        JobStore store, ProblemKindCatalog kinds, string? kind, string? status, string? priority, string? limit, ClaimsPrincipal user, CancellationToken ct)
    {
        if (kind is not null && kinds.Find(kind) is null)
            return Problems.InvalidParameter("kind", $"unknown kind '{Problems.Clip(kind)}'; known: {string.Join(", ", kinds.All.Select(k => k.Name))}");
        JobStatus? parsedStatus = null;
        if (status is not null)
        {
            if (!Enum.TryParse<JobStatus>(status, ignoreCase: true, out var s) || int.TryParse(status, out _))
                return Problems.InvalidParameter("status", "expected one of queued, running, succeeded, failed, cancelled");
            parsedStatus = s;
        }
        JobPriority? parsedPriority = null;
        if (priority is not null)
        {
            if (!Enum.GetValues<JobPriority>().Any(p => p.ToWireName() == priority))
                return Problems.InvalidParameter("priority", $"expected one of high, normal, low, got '{Problems.Clip(priority)}'");
            parsedPriority = Enum.GetValues<JobPriority>().Single(p => p.ToWireName() == priority);
        }
        var (count, badLimit) = QueryValues.WholeNumber("limit", limit, 1, MaxListLimit);
        if (badLimit is not null) return badLimit;
        var list = await store.ListAsync(ApiKeyAuthentication.ClientOf(user), kind, parsedStatus, (int)(count ?? DefaultListLimit), parsedPriority, ct);
        return TypedResults.Ok<IReadOnlyList<JobView>>(list.Select(JobView.From).ToList());
    }

    private static async Task<Results<Ok<JobView>, ProblemHttpResult, ValidationProblem>> GetJob(
        string id, string? waitSeconds, JobStore store, JobWaiter waiter, JobEvents events, IOptions<ApiLimits> limits, ClaimsPrincipal user, CancellationToken ct)
    {
        var (wait, badWait) = QueryValues.Number("waitSeconds", waitSeconds, 0, limits.Value.MaxWaitSeconds);
        // A wait subscribes before the first read, so that this read is also the waiter's (no end is missed in between).
        using var subscription = badWait is null && wait is > 0 && Guid.TryParse(id, out var waited) ? events.Subscribe(waited) : null;
        if (await FindAsync(id, store, user, ct) is not { } found) return Problems.JobNotFound(id);
        var jobId = found.Id;
        if (badWait is not null) return badWait;
        var job = subscription is not null && !found.Status.IsTerminal()
            ? await waiter.WaitAsync(subscription, jobId, TimeSpan.FromSeconds(wait!.Value), ct)
            : found;
        return job is null ? Problems.JobNotFound(id) : TypedResults.Ok(JobView.From(job));
    }

    // The job and its result in one read: a client asks for the result of a job it knows has finished.
    private static async Task<IResult> GetResult(string id, JobStore store, ClaimsPrincipal user, CancellationToken ct) =>
        Guid.TryParse(id, out var jobId) && await store.GetWithResultAsync(jobId, ct) is var (job, result) && job.Client == ApiKeyAuthentication.ClientOf(user)
            ? await ResultOfAsync(job, store, result, ct)
            : Problems.JobNotFound(id);

    /// <summary>The answer of <c>/result</c> for a job the caller may see (also behind the per-kind route).</summary>
    internal static Task<IResult> ResultOfAsync(JobRecord job, JobStore store, CancellationToken ct) => ResultOfAsync(job, store, null, ct);

    /// <summary>As above, with <paramref name="storedResult"/> when the caller read it with the job (else it is read here).</summary>
    private static async Task<IResult> ResultOfAsync(JobRecord job, JobStore store, byte[]? storedResult, CancellationToken ct)
    {
        var jobId = job.Id;
        if (job.Status is JobStatus.Queued or JobStatus.Running)
            return Problems.Conflict("The job has not finished", $"The job is {Status(job)}; its result is not ready.",
                new Dictionary<string, object?> { ["jobStatus"] = Status(job), ["incumbent"] = job.HasIncumbent ? JobLinks.For(jobId).Incumbent : null });
        if (job.Status is JobStatus.Failed)
            return Problems.Conflict("The job failed", job.Error ?? "The job failed.", new Dictionary<string, object?> { ["jobStatus"] = Status(job) });
        if (!job.HasResult || !HasAnswer(job))
            return Problems.Conflict("The job has no result",
                $"The job was {Status(job)} before a solution was found" + (job.Message is { Length: > 0 } why ? $"; the solver said: {why}." : "."),
                new Dictionary<string, object?> { ["jobStatus"] = Status(job), ["outcome"] = job.Outcome });
        return new StoredJsonResult(storedResult ?? await store.GetResultAsync(jobId, ct) ?? "null"u8.ToArray());
    }

    private static async Task<IResult> GetIncumbent(string id, JobStore store, ClaimsPrincipal user, CancellationToken ct) =>
        await FindAsync(id, store, user, ct) is { } job ? await IncumbentOfAsync(job, store, ct) : Problems.JobNotFound(id);

    /// <summary>The answer of <c>/incumbent</c> for a job the caller may see (also behind the per-kind route).</summary>
    internal static async Task<IResult> IncumbentOfAsync(JobRecord job, JobStore store, CancellationToken ct)
    {
        var jobId = job.Id;
        // A running job's incumbent is a string (published now and then); a finished job's answer is its stored result, sent as stored.
        if (!job.Status.IsTerminal() && await store.GetIncumbentAsync(jobId, ct) is { } incumbent) return Results.Text(incumbent, "application/json");
        if (job.Status.IsTerminal() && HasAnswer(job) && await store.GetResultAsync(jobId, ct) is { } result) return new StoredJsonResult(result);
        return TypedResults.Problem(statusCode: 404, title: "No solution yet", detail: $"The job is {Status(job)} and has not published a solution.");
    }

    private static async Task<Results<Ok<JobLogPage>, ProblemHttpResult, ValidationProblem>> GetLogs(
        string id, string? afterSeq, string? limit, JobStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(id, store, user, ct) is not { } job) return Problems.JobNotFound(id);
        var jobId = job.Id;
        var (after, badAfter) = QueryValues.WholeNumber("afterSeq", afterSeq, 0, long.MaxValue);
        if (badAfter is not null) return badAfter;
        var (count, badLimit) = QueryValues.WholeNumber("limit", limit, 1, MaxLogPage);
        if (badLimit is not null) return badLimit;
        var lines = await store.GetLogsAsync(jobId, after ?? 0, (int)(count ?? MaxLogPage), ct);
        return TypedResults.Ok(new JobLogPage(jobId, job.Status, lines, lines.Count > 0 ? lines[^1].Seq : after ?? 0));
    }

    private static async Task<Results<Ok<IReadOnlyList<ArtifactView>>, ProblemHttpResult>> ListArtifacts(
        string id, JobStore store, JobFiles files, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(id, store, user, ct) is not { } job) return Problems.JobNotFound(id);
        var artifacts = await files.ListAsync(job, ct);
        return TypedResults.Ok<IReadOnlyList<ArtifactView>>(artifacts
            .Select(a => new ArtifactView(a.Name, a.ContentType, a.Size, a.CreatedAt, $"/api/v1/jobs/{job.Id}/artifacts/{Uri.EscapeDataString(a.Name)}"))
            .ToList());
    }

    /// <summary>Large files are stored gzip-compressed: sent as they are to clients that accept gzip, decompressed for the others.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetArtifact(
        string id, string name, JobStore store, JobFiles files, HttpContext http, CancellationToken ct)
    {
        if (await FindAsync(id, store, http.User, ct) is not { Id: var jobId } job) return Problems.JobNotFound(id);
        if (await files.GetAsync(job, name, ct) is not { } artifact)
            return TypedResults.Problem(statusCode: 404, title: "Artifact not found", detail: $"Job {jobId} has no file named '{Problems.Clip(name)}'.");
        http.Response.Headers.Vary = "Accept-Encoding";
        if (artifact.Gzipped && AcceptsGzip(http.Request))
        {
            http.Response.Headers.ContentEncoding = "gzip";
            return TypedResults.File(artifact.Stored, artifact.Info.ContentType, fileDownloadName: artifact.Info.Name);
        }
        return TypedResults.File(artifact.Decompressed(), artifact.Info.ContentType, fileDownloadName: artifact.Info.Name);
    }

    private static bool AcceptsGzip(HttpRequest request) =>
        request.Headers.AcceptEncoding.Any(value => value is not null && value.Contains("gzip", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// A queued job is cancelled at once. A running one is interrupted (at once if it runs in this
    /// process, else at its worker's next heartbeat); the answer waits up to two seconds for it to end.
    /// With <c>?purge=true</c> a finished job is deleted instead, with its logs and files.
    /// </summary>
    private static async Task<Results<Ok<JobView>, Accepted<JobView>, NoContent, ProblemHttpResult, ValidationProblem>> DeleteJob(
        string id, string? purge, JobStore store, RunningJobs running, JobWaiter waiter, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await FindAsync(id, store, user, ct) is not { } before) return Problems.JobNotFound(id);
        var jobId = before.Id;
        var (purging, badPurge) = QueryValues.Boolean("purge", purge);
        if (badPurge is not null) return badPurge;
        if (purging == true)
        {
            return await store.PurgeAsync(jobId, before.Client, CancellationToken.None) switch
            {
                PurgeResult.Purged => TypedResults.NoContent(),
                PurgeResult.NotFinished => Problems.Conflict("The job has not finished",
                    $"Only finished jobs can be purged; cancel it first (DELETE /api/v1/jobs/{jobId}), then purge.",
                    new Dictionary<string, object?> { ["jobStatus"] = Status(before) }),
                _ => Problems.JobNotFound(id),
            };
        }
        if (before.Status.IsTerminal())
            return Problems.Conflict("The job has already finished", $"The job {Status(before)}; there is nothing to cancel (add ?purge=true to delete it).",
                new Dictionary<string, object?> { ["jobStatus"] = Status(before) });
        var after = await store.RequestCancelAsync(jobId, DateTimeOffset.UtcNow, CancellationToken.None) ?? before;
        if (after.Status.IsTerminal()) return TypedResults.Ok(JobView.From(after));
        running.TryCancel(jobId);
        var ended = await waiter.WaitAsync(jobId, TimeSpan.FromSeconds(2), ct) ?? after;
        return ended.Status.IsTerminal()
            ? TypedResults.Ok(JobView.From(ended))
            : TypedResults.Accepted($"/api/v1/jobs/{jobId}", JobView.From(ended));
    }

    /// <summary>The job if it exists and the caller may see it: with API keys on, a key sees only the jobs it submitted.</summary>
    internal static async Task<JobRecord?> FindAsync(string id, JobStore store, ClaimsPrincipal user, CancellationToken ct) =>
        Guid.TryParse(id, out var jobId) && await store.GetAsync(jobId, ct) is { } job && job.Client == ApiKeyAuthentication.ClientOf(user)
            ? job
            : null;

    private static string Status(JobRecord job) => job.Status.ToWireName();

    /// <summary>
    /// Whether a finished job's stored result answers the problem. A job cancelled mid-solve stores what its kind
    /// returned, which without a solution is an empty result (no flows, no roster, a trajectory of starting values):
    /// only a solution, or a verdict that needs none (infeasible, unbounded), counts as a result.
    /// </summary>
    private static bool HasAnswer(JobRecord job) =>
        job.Status != JobStatus.Cancelled
        || job.Outcome is SolveOutcome.Optimal or SolveOutcome.Feasible or SolveOutcome.Infeasible or SolveOutcome.Unbounded;
}
