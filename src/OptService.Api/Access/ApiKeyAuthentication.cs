using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace OptService.Api.Access;

/// <summary>
/// Optional API keys. When <c>Auth:ApiKeys</c> lists keys, every endpoint but the health checks needs
/// one (fallback authorization policy), the caller's key name becomes the job's client, and the
/// dashboard needs a key allowed to open it. With no keys configured nothing changes.
/// </summary>
internal static class ApiKeyAuthentication
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string DashboardPolicy = "dashboard";
    private const string DashboardClaim = "optservice:dashboard";

    /// <summary>Registers the scheme and policies; returns the configured keys.</summary>
    public static ApiKeyOptions AddApiKeys(this WebApplicationBuilder builder)
    {
        var options = new ApiKeyOptions();
        builder.Configuration.GetSection(ApiKeyOptions.Section).Bind(options);
        Validate(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddAuthentication(SchemeName).AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(SchemeName, null);
        builder.Services.AddAuthorization(authorization =>
        {
            if (options.Enabled) authorization.FallbackPolicy = authorization.DefaultPolicy;
            authorization.AddPolicy(DashboardPolicy, policy => policy.RequireAssertion(context =>
                !options.Enabled || context.User.HasClaim(DashboardClaim, "true")));
        });
        return options;
    }

    public static WebApplication UseApiKeys(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Who is calling: the API key's name, or "" when API keys are off.</summary>
    public static string ClientOf(ClaimsPrincipal user) => user.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "" : "";

    private static void Validate(ApiKeyOptions options)
    {
        var problems = new List<string>();
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var key = options.ApiKeys[i];
            if (string.IsNullOrWhiteSpace(key.Name)) problems.Add($"Auth:ApiKeys:{i}:Name is empty");
            if (key.Key.Length < 16) problems.Add($"Auth:ApiKeys:{i}:Key is shorter than 16 characters");
            if (key.MaxRunning < 0) problems.Add($"Auth:ApiKeys:{i}:MaxRunning is negative (0 = no limit)");
            if (key.MaxQueued < 0) problems.Add($"Auth:ApiKeys:{i}:MaxQueued is negative (0 = no limit)");
        }
        if (options.ApiKeys.GroupBy(k => k.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            problems.Add($"Auth:ApiKeys has the name '{twice.Key}' twice");
        if (options.ApiKeys.GroupBy(k => k.Key, StringComparer.Ordinal).Any(g => g.Count() > 1))
            problems.Add("Auth:ApiKeys has the same key twice");
        if (problems.Count > 0) throw new InvalidOperationException("Invalid API key configuration: " + string.Join("; ", problems));
    }

    /// <summary>Checks <c>X-Api-Key</c>, or the password of <c>Authorization: Basic</c> so that a browser can open Swagger UI and the dashboard.</summary>
    private sealed class ApiKeyHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions, ILoggerFactory logger, UrlEncoder encoder, ApiKeyOptions keys)
        : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, logger, encoder)
    {
        // Hashes of the configured keys: comparing fixed-length hashes in constant time leaks neither a key's length nor its prefix.
        private readonly (byte[] Hash, ApiKey Key)[] _known = keys.ApiKeys.Select(k => (Hash(k.Key), k)).ToArray();

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!keys.Enabled) return Task.FromResult(AuthenticateResult.NoResult());
            var presented = PresentedKey(Request);
            if (presented is null) return Task.FromResult(AuthenticateResult.NoResult());
            var hash = Hash(presented);
            ApiKey? match = null;
            foreach (var (known, key) in _known)
                if (CryptographicOperations.FixedTimeEquals(known, hash)) match = key;
            if (match is null) return Task.FromResult(AuthenticateResult.Fail("unknown API key"));
            Claim[] claims = [new(ClaimTypes.Name, match.Name), new(DashboardClaim, match.Dashboard ? "true" : "false")];
            var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
        }

        protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
        {
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            // Basic lets a browser ask for the key (any user name, the key as password).
            Response.Headers.WWWAuthenticate = "Basic realm=\"OptService\", charset=\"UTF-8\"";
            var missing = PresentedKey(Request) is null;
            await Results.Problem(statusCode: 401,
                title: missing ? "API key required" : "Unknown API key",
                detail: missing ? $"Send your API key in the {HeaderName} header." : $"The key in {HeaderName} is not one of the configured keys.")
                .ExecuteAsync(Context);
        }

        protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
            await Results.Problem(statusCode: 403, title: "Not allowed", detail: "This API key may not open the dashboard (Auth:ApiKeys:n:Dashboard).")
                .ExecuteAsync(Context);

        private static string? PresentedKey(HttpRequest request)
        {
            if (request.Headers[HeaderName] is { Count: > 0 } header && !string.IsNullOrEmpty(header[0])) return header[0];
            var authorization = request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return null;
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : pair[(colon + 1)..];
            }
            catch (FormatException)
            {
                return null;
            }
        }

        private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }
}
