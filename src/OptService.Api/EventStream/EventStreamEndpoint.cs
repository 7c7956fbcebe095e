using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OptService.Api.Access;
using OptService.Api.JobsApi;
using OptService.Jobs.Execution;
using OptService.Jobs.Progress;
using OptService.Jobs.Store;

namespace OptService.Api.EventStream;

/// <summary>
/// <c>GET /api/v1/jobs/{id}/events</c>: the job's life as server-sent events (<c>text/event-stream</c>): <c>status</c>,
/// <c>log</c>, <c>incumbent</c>, then <c>finished</c> with the final job view, and the stream ends.
/// </summary>
/// <remarks>
/// Event ids are <see cref="ProgressCursor"/>s made of stored sequence numbers, so a client that reconnects with
/// <c>Last-Event-ID</c> (browsers' EventSource does it by itself) carries on exactly after the last event it got, on
/// this or any other API process: no gap, no duplicate. The stream reads the store: the job may run in any process.
/// </remarks>
internal static class EventStreamEndpoint
{
    private const string LastEventIdHeader = "Last-Event-ID";

    public static void MapEventStream(this RouteGroupBuilder jobs) =>
        jobs.MapGet("/{id}/events", FollowAsync).WithName("FollowJobEvents")
            .WithSummary("Follow a job live as server-sent events: status, log, incumbent, then finished")
            .WithDescription(
                "text/event-stream. Events: `status` ({status, time, attempt}) at each lifecycle change; `log` ({seq, time, level, message}, " +
                "the same seq as /logs); `incumbent` ({objective, bound, time, number}) when a running solve publishes a better solution; " +
                "`finished` (the final job view), after which the stream ends. A finished job's stream replays its history and ends. " +
                "Each event's id is a cursor (`log.step.incumbent`): reconnect with the Last-Event-ID header (or ?lastEventId=) to carry on " +
                "after it without gaps or duplicates; after `finished` that answers 204. Comment lines keep a quiet stream alive. " +
                "Open streams are limited per process and per API key (429 with Retry-After).")
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithMetadata(new HeaderParameterDocs(LastEventIdHeader,
                "The id of the last event received: the stream carries on after it.", 64, "^[0-9]+\\.-?[0-9]+\\.[0-9]+$"))
            .WithMetadata(new QueryParameterDocs(
            [
                new("lastEventId", typeof(string), "As the Last-Event-ID header, for clients that cannot set headers."),
            ]));

    private static async Task<IResult> FollowAsync(
        string id, HttpContext http, JobStore store, JobProgressFeed feed, JobEvents events, EventStreamSlots slots,
        IOptions<EventStreamOptions> options, IOptions<JsonOptions> json, CancellationToken ct)
    {
        if (await JobsApi.JobsApi.FindAsync(id, store, http.User, ct) is not { } job) return JobsApi.Problems.JobNotFound(id);
        string? lastId = http.Request.Headers[LastEventIdHeader].Count > 0 ? http.Request.Headers[LastEventIdHeader].ToString()
            : http.Request.Query.TryGetValue("lastEventId", out var fromQuery) ? fromQuery.ToString() : null;
        var cursor = ProgressCursor.Start;
        if (!string.IsNullOrEmpty(lastId) && !ProgressCursor.TryParse(lastId, out cursor))
            return JobsApi.Problems.InvalidHeader(LastEventIdHeader, $"expected the id of an event of this stream (e.g. 12.1.3), got '{JobsApi.Problems.Clip(lastId, 64)}'");
        // The client has seen the end; 204 tells an EventSource to stop reconnecting.
        if (cursor.IsFinished) return TypedResults.NoContent();

        var settings = options.Value;
        var (slot, refusal) = slots.TryEnter(ApiKeyAuthentication.ClientOf(http.User));
        if (slot is null)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(settings.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many open event streams",
                detail: $"{char.ToUpperInvariant(refusal![0])}{refusal[1..]}. Close a stream or retry later.");
        }
        using (slot)
        {
            await StreamAsync(job.Id, cursor, http, feed, events, settings, json.Value.SerializerOptions, ct);
        }
        return Results.Empty;
    }

    private static async Task StreamAsync(
        Guid jobId, ProgressCursor cursor, HttpContext http, JobProgressFeed feed, JobEvents events, EventStreamOptions settings,
        JsonSerializerOptions json, CancellationToken ct)
    {
        var response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx: pass events through, do not buffer them
        // Subscribe before the first read, so that an end between the read and the wait is not missed.
        using var finished = events.Subscribe(jobId);
        var quietSince = DateTime.UtcNow;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", ct);
            await response.Body.FlushAsync(ct);
            while (true)
            {
                var (read, snapshot) = await feed.ReadAsync(jobId, cursor, withLogs: true, settings.MaxLogLinesPerRead, ct);
                if (snapshot is null) return; // purged meanwhile: nothing more will come
                foreach (var item in read)
                {
                    await response.WriteAsync(Format(item, json), ct);
                    cursor = item.Cursor;
                }
                if (read.Count > 0)
                {
                    await response.Body.FlushAsync(ct);
                    quietSince = DateTime.UtcNow;
                }
                else if (DateTime.UtcNow - quietSince >= settings.KeepAliveInterval)
                {
                    await response.WriteAsync(": keep-alive\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    quietSince = DateTime.UtcNow;
                }
                if (cursor.IsFinished) return;
                // A full page of log lines: more are waiting, read on at once.
                if (read.Count(item => item is LogWritten) >= settings.MaxLogLinesPerRead) continue;
                var nap = Task.Delay(settings.PollInterval, ct);
                // The job's end wakes the stream at once; once signalled (the signal stays set) only the interval paces it.
                await (finished.Finished.IsCompleted ? nap : Task.WhenAny(nap, finished.Finished));
                ct.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
    }

    /// <summary>One event in the text/event-stream format: id, event name, data on one line (JSON has no raw newlines).</summary>
    private static string Format(JobProgressEvent item, JsonSerializerOptions json)
    {
        object data = item switch
        {
            StatusChanged status => new StatusEventData(status.Status, status.Time, status.Attempt),
            LogWritten log => log.Line,
            IncumbentFound incumbent => new IncumbentEventData(incumbent.Objective, incumbent.Bound, incumbent.Time, incumbent.Number),
            JobFinished end => JobView.From(end.Job),
            _ => throw new InvalidOperationException($"unknown event {item.Name}"),
        };
        return new StringBuilder(256)
            .Append("id: ").Append(item.Cursor.ToString()).Append('\n')
            .Append("event: ").Append(item.Name).Append('\n')
            .Append("data: ").Append(JsonSerializer.Serialize(data, data.GetType(), json)).Append("\n\n")
            .ToString();
    }

    /// <summary>Registers the stream's settings and its per-process limits.</summary>
    public static IServiceCollection AddEventStreams(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section);
        services.AddSingleton<EventStreamSlots>();
        return services;
    }
}
