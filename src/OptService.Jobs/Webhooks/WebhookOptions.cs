namespace OptService.Jobs.Webhooks;

/// <summary>Webhook settings, bound from the <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Hosts a webhook may target (<c>host</c> or <c>host:port</c>, compared without case). Nothing by default: a
    /// submission must not be able to make the service call internal addresses, so an administrator lists receivers.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>The signing secret of deliveries for clients without one of their own.</summary>
    public string? Secret { get; set; }

    /// <summary>Signing secrets per API key name (<c>Webhooks:ClientSecrets:planning-team</c>); they take precedence over <see cref="Secret"/>.</summary>
    public Dictionary<string, string> ClientSecrets { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long a delivery is retried after it was created before it is given up.</summary>
    public TimeSpan RetryFor { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Wait before the first retry; each further retry waits twice as long, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long one POST may take (the receiver should answer at once and work afterwards).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often jobs with webhooks are checked for events, and due deliveries sent.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Deliveries sent at once by one process.</summary>
    public int MaxConcurrentDeliveries { get; set; } = 8;

    /// <summary>The secret that signs a client's deliveries, or null when none is configured.</summary>
    public string? SecretFor(string client) =>
        ClientSecrets.TryGetValue(client, out var own) && !string.IsNullOrEmpty(own) ? own : string.IsNullOrEmpty(Secret) ? null : Secret;

    /// <summary>Whether <paramref name="url"/>'s host (or host:port) is in <see cref="AllowedHosts"/>.</summary>
    public bool Allows(Uri url) => AllowedHosts.Any(allowed =>
        string.Equals(allowed, url.Host, StringComparison.OrdinalIgnoreCase)
        || string.Equals(allowed, url.Authority, StringComparison.OrdinalIgnoreCase));
}
