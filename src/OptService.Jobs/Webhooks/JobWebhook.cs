namespace OptService.Jobs.Webhooks;

/// <summary>Which events of a job are POSTed to a webhook.</summary>
[Flags]
public enum WebhookEvents
{
    None = 0,
    Finished = 1,
    Status = 2,
    Incumbent = 4,
}

/// <summary>A submission's webhook: where to POST and which events.</summary>
public sealed record JobWebhook(Uri Url, WebhookEvents Events)
{
    /// <summary>The event names as stored and as given in <c>webhookEvents</c>: <c>finished,status,incumbent</c>.</summary>
    public static string Format(WebhookEvents events) =>
        string.Join(',', new[] { WebhookEvents.Finished, WebhookEvents.Status, WebhookEvents.Incumbent }
            .Where(flag => events.HasFlag(flag)).Select(flag => flag.ToString().ToLowerInvariant()));

    /// <summary>Reads <c>finished,status,incumbent</c> (any subset, any order); null names the first unknown one.</summary>
    public static (WebhookEvents Events, string? Unknown) Parse(string text)
    {
        var events = WebhookEvents.None;
        foreach (var name in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (name.Length == 0) continue;
            if (!Enum.TryParse<WebhookEvents>(name, ignoreCase: true, out var flag) || flag == WebhookEvents.None || !Enum.IsDefined(flag) || name.Any(char.IsDigit))
                return (WebhookEvents.None, name);
            events |= flag;
        }
        return (events, null);
    }
}
