namespace OptService.Api.Access;

/// <summary>API keys, bound from the <c>Auth</c> configuration section. No keys configured = open access.</summary>
public sealed class ApiKeyOptions
{
    public const string Section = "Auth";

    /// <summary>The accepted keys. Each key sees only the jobs it submitted.</summary>
    public IList<ApiKey> ApiKeys { get; } = [];

    public bool Enabled => ApiKeys.Count > 0;
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
}
