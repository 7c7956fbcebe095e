using System.Net;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.Access;

/// <summary>The job dashboard can delete and re-queue jobs: it is never opened to other machines without API keys.</summary>
public sealed class DashboardAccessTests
{
    [Fact]
    public async Task AllowRemote_WithoutApiKeys_IsIgnored_AndARemoteRequestIsRefused()
    {
        // The in-memory test server's requests carry no local address, so the dashboard treats them as remote.
        using var factory = ServiceFactory.With(new() { ["Dashboard:AllowRemote"] = "true" });
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/hangfire");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("OptService jobs", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
