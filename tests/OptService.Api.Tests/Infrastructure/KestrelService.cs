namespace OptService.Api.Tests.Infrastructure;

/// <summary>The in-memory host (with the test kind) on a real Kestrel socket at 127.0.0.1, for clients that must read a response as it streams.</summary>
internal static class KestrelService
{
    /// <summary>Starts <paramref name="factory"/> on Kestrel (before any other use of it) and returns a client of the real socket.</summary>
    public static HttpClient Start(ServiceFactory factory)
    {
        factory.UseKestrel(0);
        factory.StartServer();
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(120);
        Assert.Equal("127.0.0.1", client.BaseAddress!.Host);
        return client;
    }
}
