using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobConsole;

/// <summary>A service with two API keys, for the console: each key's own jobs, read with the key the user typed.</summary>
public sealed class KeyedConsoleSession : ConsoleSession
{
    public const string PlanningKey = "planning-0123456789abcdef";
    public const string OpsKey = "ops-0123456789abcdef0123";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Auth:ApiKeys:0:Name"] = "planning",
        ["Auth:ApiKeys:0:Key"] = PlanningKey,
        ["Auth:ApiKeys:1:Name"] = "ops",
        ["Auth:ApiKeys:1:Key"] = OpsKey,
    };
}

[Collection(BrowserTests.Name)]
public sealed class ConsoleWithApiKeysTests(KeyedConsoleSession session) : IClassFixture<KeyedConsoleSession>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task WithAKey_ThePageListsThatKeysJobs_FollowsTheirEvents_AndDownloadsTheirFiles()
    {
        var browser = session.Browser;
        var mine = await SubmitAsync(KeyedConsoleSession.PlanningKey);
        var theirs = await SubmitAsync(KeyedConsoleSession.OpsKey);

        // Without a key the page loads, and says the service needs one (the API answered 401).
        await browser.NavigateAsync(session.Url("#/"));
        var banner = (await browser.WaitForAsync("!document.querySelector('#banner').hidden && document.querySelector('#banner').innerText", Generous)).GetValue<string>();
        Assert.Contains("needs an API key", banner, StringComparison.Ordinal);
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('tr[data-job]').length"))!.GetValue<int>());

        await browser.FillAsync("#api-key", KeyedConsoleSession.PlanningKey);
        await browser.EvaluateAsync("document.querySelector('#key-form').requestSubmit()");
        await browser.WaitForAsync($"document.querySelector('tr[data-job=\"{mine}\"]')?.dataset.status === 'succeeded'", Generous);
        Assert.Equal(1, (await browser.EvaluateAsync("document.querySelectorAll('tr[data-job]').length"))!.GetValue<int>());
        Assert.Equal(0, (await browser.EvaluateAsync($"document.querySelectorAll('tr[data-job=\"{theirs}\"]').length"))!.GetValue<int>());
        Assert.True((await browser.EvaluateAsync("document.querySelector('#banner').hidden"))!.GetValue<bool>());

        // The job page: the log lines come only through the event stream, read with fetch() and the key's header.
        await browser.NavigateAsync(session.Url($"#/jobs/{mine}"));
        var objective = await browser.WaitForAsync("document.querySelector('#result-objective')?.dataset.value", Generous);
        Assert.Equal(15005, double.Parse(objective.GetValue<string>(), CultureInfo.InvariantCulture), 6);
        await browser.WaitForAsync("[...document.querySelectorAll('#log .log-line')].some(l => l.textContent.includes('finished: succeeded'))", Generous);
        // A file through the page's own client (the key goes along): the flows as CSV.
        var csv = (await browser.EvaluateAsync($"import('/console/api.js').then(api => api.request('/api/v1/jobs/{mine}/artifacts/flows.csv')).then(r => r.text())"))!.GetValue<string>();
        Assert.Contains("Youngstown", csv, StringComparison.Ordinal);

        // Another key's job is not found, as through the API.
        await browser.NavigateAsync(session.Url($"#/jobs/{theirs}"));
        var error = (await browser.WaitForAsync("document.querySelector('.error')?.innerText", Generous)).GetValue<string>();
        Assert.Contains("Job not found", error, StringComparison.Ordinal);
        Assert.Empty(browser.ErrorsBut(401, 404));
        await browser.EvaluateAsync("sessionStorage.clear(); localStorage.clear(); true");
    }

    private async Task<Guid> SubmitAsync(string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/jobs/transshipment")
        {
            Content = new StringContent(OptService.Problems.Tests.SharedFixtures.Read("seed", "american-steel.json"), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", key);
        using var response = await session.Service.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }
}
