using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using OptService.Api.Tests.Access;

namespace OptService.Api.Tests.JobConsole;

/// <summary>
/// The console's files as the service serves them: embedded, each module the page imports present, a
/// Content-Security-Policy of this origin only, and served without an API key while the API still needs one.
/// </summary>
public sealed partial class ConsolePageTests(ApiKeyFactory factory) : IClassFixture<ApiKeyFactory>
{
    private const string ExpectedPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    [Theory]
    [InlineData("/console")]
    [InlineData("/console/")]
    [InlineData("/console/index.html")]
    public async Task ThePage_IsServedWithoutAKey_WithAPolicyOfThisOriginOnly(string path)
    {
        using var client = factory.Client(null);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(ExpectedPolicy, Assert.Single(response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"/console/app.js\"></script>", html, StringComparison.Ordinal);
        // no inline script or style: the policy would block them
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/jobs")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/api/v1/jobs/0190aaaa-0000-7000-8000-000000000001/events")]
    public async Task TheApi_StillNeedsAKey_WithTheConsoleOn(string path)
    {
        using var client = factory.Client(null);
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task EveryFileThePageLoads_IsServed_WithItsType_AndNoneFromAnotherOrigin()
    {
        using var client = factory.Client(null);
        var pending = new Queue<string>(["/console/index.html"]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path)) continue;
            using var response = await client.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            var text = await response.Content.ReadAsStringAsync();
            var expected = Path.GetExtension(path) switch { ".js" => "text/javascript", ".css" => "text/css", _ => "text/html" };
            Assert.Equal(expected, response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
            foreach (Match reference in Reference().Matches(text))
            {
                var target = reference.Groups["path"].Value;
                pending.Enqueue(target.StartsWith("./", StringComparison.Ordinal) ? "/console/" + target[2..] : target);
            }
        }
        // the page, its stylesheet, the entry module and every module it imports (views, plots, the API client)
        Assert.Contains("/console/console.css", seen);
        Assert.Contains("/console/plot.js", seen);
        Assert.Contains("/console/view-nurse-scheduling.js", seen);
        Assert.True(seen.Count >= 14, string.Join(", ", seen));
    }

    [Fact]
    public async Task AnUnknownFile_Is404WithAProblem_AndAnUnchangedFileIs304()
    {
        using var client = factory.Client(null);
        using var missing = await client.GetAsync("/console/nothing-here.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        using var first = await client.GetAsync("/console/app.js");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/app.js");
        again.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    /// <summary>Files a page or module refers to: src/href attributes to /console/…, and static or dynamic imports of ./….</summary>
    [GeneratedRegex("""(?:(?:src|href)="(?<path>/console/[^"]+)")|(?:(?:from|import\()\s*'(?<path>\./[^']+)')""")]
    private static partial Regex Reference();
}
