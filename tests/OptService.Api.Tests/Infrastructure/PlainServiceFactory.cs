using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>The service as shipped: the registered kinds only (no test kinds), default settings, a temporary store.</summary>
public sealed class PlainServiceFactory : WebApplicationFactory<Program>
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "optservice-tests", Guid.NewGuid().ToString("N"));

    public async Task<string> DocumentTextAsync()
    {
        using var client = CreateClient();
        return await client.GetStringAsync("/openapi/v1.json");
    }

    public async Task<JsonObject> DocumentAsync()
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Jobs:DataDirectory", _dataDirectory);
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file may still be open on a slow shutdown
        }
    }
}
