namespace OptService.Api.Access;

/// <summary>Who may open the Hangfire dashboard, which can delete and re-queue jobs.</summary>
internal static partial class DashboardAccess
{
    /// <summary>
    /// <c>Dashboard:AllowRemote</c> opens <c>/hangfire</c> to other machines only when API keys are on (then
    /// only keys with <c>Dashboard: true</c> get in). Without keys anyone who reaches the port could delete
    /// or re-queue jobs, so the setting is ignored and the dashboard stays local, with a warning.
    /// </summary>
    public static bool AllowRemote(WebApplication app, bool apiKeysEnabled)
    {
        var requested = app.Configuration.GetValue<bool>("Dashboard:AllowRemote");
        if (requested && !apiKeysEnabled)
        {
            LogRemoteRefused(app.Logger);
            return false;
        }
        return requested;
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Dashboard:AllowRemote is ignored because no API keys are configured (Auth:ApiKeys): the dashboard stays local-only")]
    private static partial void LogRemoteRefused(ILogger logger);
}
