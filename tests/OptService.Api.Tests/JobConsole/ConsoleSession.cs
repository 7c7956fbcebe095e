using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobConsole;

/// <summary>
/// The real service as a process on a real Kestrel port at 127.0.0.1 (a browser cannot reach the in-memory test
/// server), on a fresh embedded store, and one headless Chromium page; shared by the tests of a class.
/// </summary>
public class ConsoleSession : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-tests", Guid.NewGuid().ToString("N"));

    public ServiceProcess Service { get; private set; } = null!;

    public HeadlessChromium Browser { get; private set; } = null!;

    /// <summary>Extra service settings of a derived session (API keys).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public string Url(string hash = "") => $"http://127.0.0.1:{Service.Port}/console{hash}";

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string>(Settings)
        {
            ["Jobs:DataDirectory"] = _dataDirectory,
            ["Jobs:WorkerCount"] = "2",
            ["Events:PollInterval"] = "00:00:00.250",
        };
        Service = await ServiceProcess.StartAsync(settings);
        Browser = await HeadlessChromium.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        if (Service is not null) await Service.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort
        }
    }
}

/// <summary>Where the browser tests save their screenshots: OPTSERVICE_CONSOLE_SCREENSHOTS, else a folder in the temp folder.</summary>
internal static class Screenshots
{
    public static string Folder => Environment.GetEnvironmentVariable("OPTSERVICE_CONSOLE_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Path.GetTempPath(), "optservice-console-screenshots");

    public static string PathOf(string name) => Path.Combine(Folder, name);
}

/// <summary>The browser tests run one class at a time: each drives a browser and a service process on two shared cores.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests
{
    public const string Name = "Browser";
}
