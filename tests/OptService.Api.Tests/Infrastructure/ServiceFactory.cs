using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OptService.Kinds;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>The real host in memory, on its own embedded store in a temporary folder, plus the test kind.</summary>
public sealed class ServiceFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public ServiceFactory()
        : this(null)
    {
    }

    /// <summary>A factory with extra settings (xunit fixtures need the single parameterless constructor).</summary>
    public static ServiceFactory With(Dictionary<string, string?> settings) => new(settings);

    private ServiceFactory(Dictionary<string, string?>? settings)
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "optservice-tests", Guid.NewGuid().ToString("N"));
        _settings = new Dictionary<string, string?>
        {
            ["Jobs:DataDirectory"] = DataDirectory,
            ["Jobs:WorkerCount"] = "2",
            ["Jobs:HeartbeatInterval"] = "00:00:00.100",
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? []) _settings[key] = value;
    }

    public string DataDirectory { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<IProblemKind, DelayKind>());
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file may still be open on a slow shutdown
        }
    }
}
