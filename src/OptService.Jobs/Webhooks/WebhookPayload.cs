using System.Text.Json;
using OptService.Jobs.Progress;
using OptService.Kinds;

namespace OptService.Jobs.Webhooks;

/// <summary>
/// The JSON body of a delivery: <c>{id, event, jobId, kind, time, data}</c>. <c>data</c> is what the event stream
/// sends for the same event (status: <c>{status, time, attempt}</c>; incumbent: <c>{objective, bound, time, number}</c>;
/// finished: the job's final state).
/// </summary>
internal static class WebhookPayload
{
    /// <summary>The delivery id: the job and the event's stream cursor, so one event is one delivery whoever queues it.</summary>
    public static string DeliveryId(Guid jobId, JobProgressEvent item) => $"{jobId:N}-{item.Cursor}";

    public static string Body(string deliveryId, JobRecord job, JobProgressEvent item, DateTimeOffset now)
    {
        object data = item switch
        {
            StatusChanged status => new { status = status.Status.ToWireName(), time = status.Time, attempt = status.Attempt },
            IncumbentFound incumbent => new { objective = incumbent.Objective, bound = incumbent.Bound, time = incumbent.Time, number = incumbent.Number },
            JobFinished end => new
            {
                id = end.Job.Id, kind = end.Job.Kind, status = end.Job.Status.ToWireName(), createdAt = end.Job.CreatedAt, startedAt = end.Job.StartedAt,
                finishedAt = end.Job.FinishedAt, outcome = end.Job.Outcome, objective = end.Job.Objective, error = end.Job.Error,
                message = end.Job.Message, attempts = end.Job.Attempts, result = $"/api/v1/jobs/{end.Job.Id}/result",
            },
            _ => throw new ArgumentException($"no webhook for {item.Name} events", nameof(item)),
        };
        return JsonSerializer.Serialize(new { id = deliveryId, @event = item.Name, jobId = job.Id, kind = job.Kind, time = now, data }, JobJson.Options);
    }

    /// <summary>Which subscription flag an event needs (log lines are never sent).</summary>
    public static WebhookEvents FlagOf(JobProgressEvent item) => item switch
    {
        StatusChanged => WebhookEvents.Status,
        IncumbentFound => WebhookEvents.Incumbent,
        JobFinished => WebhookEvents.Finished,
        _ => WebhookEvents.None,
    };
}
