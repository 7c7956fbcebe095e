using OptService.Jobs.Store;

namespace OptService.Api.Access;

/// <summary>API keys, bound from the <c>Auth</c> configuration section. No keys configured = open access.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Auth";

    /// <summary>The accepted keys. Each key sees only the jobs it submitted.</summary>
    public IList<ApiKey> ApiKeys { get; } = [];

    public bool Enabled => ApiKeys.Count > 0;

    /// <summary>The share of the workers the key named <paramref name="client"/> may take (none when keys are off).</summary>
    public ClientLimits LimitsOf(string client) =>
        ApiKeys.FirstOrDefault(key => key.Name == client) is { } key && (key.MaxRunning > 0 || key.MaxQueued > 0)
            ? new ClientLimits(key.MaxRunning, key.MaxQueued)
            : ClientLimits.None;
}

/// <summary>One client's key.</summary>
public sealed class ApiKey
{
    /// <summary>Who holds the key; stored with each job the key submits and written to the request log (the key never is).</summary>
    public string Name { get; set; } = "";

    /// <summary>The secret sent in <c>X-Api-Key</c> (or as the password of HTTP Basic authentication, for browsers).</summary>
    public string Key { get; set; } = "";

    /// <summary>May open the Hangfire dashboard, which shows every client's queue entries.</summary>
    public bool Dashboard { get; set; }

    /// <summary>Most of this key's jobs solving at once over all workers; 0 = no limit (the fair share still applies).</summary>
    public int MaxRunning { get; set; }

    /// <summary>Most of this key's jobs waiting to start; beyond it a submission gets 429 with Retry-After and nothing is created. 0 = no limit.</summary>
    public int MaxQueued { get; set; }
}
