using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.JobConsole;

/// <summary>
/// The job console in a real browser (Debian's chromium, headless) against the real service: submit from the form,
/// follow a running job's event stream, see each kind's result drawn. Saves the screenshots that docs/console.md shows.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ConsoleBrowserTests(ConsoleSession session) : IClassFixture<ConsoleSession>
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);

    private HeadlessChromium Browser => session.Browser;

    private JobClient Api => new(session.Service.Client);

    [Fact]
    public async Task AmericanSteel_SubmittedFromTheForm_Shows15005_TheFlowsAndTheTotals()
    {
        await Browser.NavigateAsync(session.Url("#/new?kind=transshipment"));
        // the example is prefilled from the service's OpenAPI document
        await Browser.WaitForAsync("document.querySelector('#body')?.value.includes('Youngstown')", Generous);
        await Browser.ClickAsync("#submit");

        var hash = (await Browser.WaitForAsync("location.hash.startsWith('#/jobs/') && location.hash", Generous)).GetValue<string>();
        var id = Guid.Parse(hash["#/jobs/".Length..]);
        var shown = await Browser.WaitForAsync("document.querySelector('#result-objective')?.dataset.value", Generous);
        Assert.Equal(15005, double.Parse(shown.GetValue<string>(), CultureInfo.InvariantCulture), 6);
        await Browser.WaitForAsync("document.querySelector('#job-summary [data-status]')?.dataset.status === 'succeeded'", Generous);

        // the page shows what the API has: the job's objective, every arc with flow, the network's totals
        var job = await Api.WaitAsync(id);
        Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);
        var result = (await session.Service.Client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}/result"))!;
        var carrying = result["flows"]!.AsArray().Count(f => f!["flow"]!.GetValue<double>() != 0);
        Assert.Equal(carrying, (await Browser.EvaluateAsync("document.querySelectorAll('#flow-table tbody tr').length"))!.GetValue<int>());
        var totals = (await Browser.EvaluateAsync("document.querySelector('#network-totals').innerText"))!.GetValue<string>();
        Assert.Contains("25,000", totals, StringComparison.Ordinal); // supply: Youngstown 10,000 + Pittsburgh 15,000
        Assert.Contains("20,000", totals, StringComparison.Ordinal); // demand: 3,000 + 7,000 + 4,000 + 6,000
        await Browser.WaitForAsync("document.querySelectorAll('#file-list [data-file]').length >= 3", Generous);
        await Browser.WaitForAsync("document.querySelectorAll('#log .log-line').length > 0", Generous);

        await Browser.ScreenshotAsync(Screenshots.PathOf("console-american-steel.png"));
        Assert.Empty(Browser.Errors);
    }

    [Fact]
    public async Task RunningNurseRoster_IncumbentPlotGrows_ThenTheRosterGridIsDrawn()
    {
        var id = await Api.SubmitNrpAsync(SharedFixtures.Read("nrp", "Instance6.txt"), "timeLimitSeconds=12");

        await Browser.NavigateAsync(session.Url($"#/jobs/{id}"));
        const string points = "Number(document.querySelector('#incumbent-chart [data-series=objective]')?.dataset.points || 0)";
        const string status = "document.querySelector('#job-summary [data-status]')?.dataset.status";
        var first = (await Browser.WaitForAsync($"{status} === 'running' && {points}", Generous)).GetValue<int>();
        Assert.True(first >= 1);
        // Incumbents arrive only while the job runs (a finished job's stream has none), so more points = live updates.
        var later = (await Browser.WaitForAsync($"{points} > {first} && {points}", Generous)).GetValue<int>();
        Assert.True(later > first, $"{later} after {first}");
        await Browser.WaitForAsync("document.querySelector('#roster-grid')", Generous); // the incumbent roster, drawn while it runs
        await Browser.ScreenshotAsync(Screenshots.PathOf("console-nrp-running.png"));

        // The final result, not the last incumbent still on screen while the result is fetched.
        await Browser.WaitForAsync($"{status} === 'succeeded' && document.querySelector('#result-body[data-view=result] #result-objective')", TimeSpan.FromSeconds(120));
        var job = await Api.WaitAsync(id);
        var objective = job["objective"]!.GetValue<double>();
        Assert.Equal(objective, double.Parse((await Browser.EvaluateAsync("document.querySelector('#result-objective').dataset.value"))!.GetValue<string>(), CultureInfo.InvariantCulture));
        // Instance6: 18 staff over 28 days (4 weeks: 8 weekend days shaded)
        Assert.Equal("18", (await Browser.EvaluateAsync("document.querySelector('#roster-grid').dataset.staff"))!.GetValue<string>());
        Assert.Equal("28", (await Browser.EvaluateAsync("document.querySelector('#roster-grid').dataset.days"))!.GetValue<string>());
        Assert.Equal(8, (await Browser.EvaluateAsync("document.querySelectorAll('#roster-grid thead th.weekend').length"))!.GetValue<int>());
        Assert.Equal(18, (await Browser.EvaluateAsync("document.querySelectorAll('#roster-grid tbody tr:not(.cover)').length"))!.GetValue<int>());
        // every penalty of the result is marked on the grid: the marked cells add up to the objective
        var marked = (await Browser.EvaluateAsync(
            "[...document.querySelectorAll('#roster-grid td[data-penalty]')].reduce((t, c) => t + Number(c.dataset.penalty), 0)"))!.GetValue<double>();
        Assert.Equal(objective, marked);
        await Browser.ScreenshotAsync(Screenshots.PathOf("console-nrp-roster.png"));
        Assert.Empty(Browser.Errors);
    }

    [Fact]
    public async Task JobList_ShowsLiveStatus_WithoutReloading()
    {
        // Instance6 runs to its time limit (Instance1 is proven optimal in about a second on an idle machine, which
        // can be before the page shows it running).
        var id = await Api.SubmitNrpAsync(SharedFixtures.Read("nrp", "Instance6.txt"), "timeLimitSeconds=8");
        var steel = await Api.SubmitAsync("transshipment", await File.ReadAllTextAsync(SamplePath("american-steel.json")));

        await Browser.NavigateAsync(session.Url("#/"));
        await Browser.EvaluateAsync("window.sameDocument = 'yes'");
        await Browser.WaitForAsync($"document.querySelector('tr[data-job=\"{id}\"]')?.dataset.status === 'running'", Generous);
        await Browser.WaitForAsync($"document.querySelector('tr[data-job=\"{steel}\"]')?.dataset.status === 'succeeded'", Generous);
        await Browser.ScreenshotAsync(Screenshots.PathOf("console-jobs.png"));
        await Browser.WaitForAsync($"document.querySelector('tr[data-job=\"{id}\"]')?.dataset.status === 'succeeded'", Generous);
        Assert.Equal("yes", (await Browser.EvaluateAsync("window.sameDocument"))!.GetValue<string>());
        Assert.Equal("succeeded", (await Api.GetJobAsync(id))["status"]!.GetValue<string>());
        Assert.Empty(Browser.Errors);
    }

    [Fact]
    public async Task LunarLanding_FromTheForm_DrawsAltitudeVelocityAndThrust()
    {
        var id = await SubmitExampleFromTheFormAsync("lunar-landing", "initialAltitude");
        await Browser.WaitForAsync("document.querySelector('#trajectory-charts')", Generous);
        var result = (await session.Service.Client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}/result"))!;
        var nodes = result["trajectory"]!.AsArray().Count;
        Assert.True(nodes > 10);
        foreach (var series in new[] { "altitude", "velocity", "thrust" })
            Assert.Equal(nodes, (await Browser.EvaluateAsync($"Number(document.querySelector('#trajectory-charts [data-series={series}]').dataset.points)"))!.GetValue<int>());
        var fuel = double.Parse((await Browser.EvaluateAsync("document.querySelector('#result-objective').dataset.value"))!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(result["fuel"]!.GetValue<double>(), fuel);
        await Browser.ScreenshotAsync(Screenshots.PathOf("console-lunar-landing.png"));
        Assert.Empty(Browser.Errors);
    }

    [Theory]
    [InlineData("linear-program")]
    [InlineData("cp-sat")]
    public async Task GenericKinds_FromTheForm_ShowObjectiveAndEveryNonZeroVariable(string kind)
    {
        var id = await SubmitExampleFromTheFormAsync(kind, "{");
        var job = await Api.WaitAsync(id);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        var shown = double.Parse((await Browser.EvaluateAsync("document.querySelector('#result-objective').dataset.value"))!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.Equal(job["objective"]!.GetValue<double>(), shown, 9);
        Assert.Equal(job["outcome"]!.GetValue<string>(), (await Browser.EvaluateAsync("document.querySelector('#result-outcome').textContent"))!.GetValue<string>());
        var result = (await session.Service.Client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}/result"))!;
        var nonZero = kind == "linear-program"
            ? result["variables"]!.AsArray().Count(v => v!["value"]!.GetValue<double>() != 0)
            : result["valuesByName"] is JsonObject named ? named.Count(v => v.Value!.GetValue<long>() != 0) : result["values"]!.AsArray().Count(v => v!.GetValue<long>() != 0);
        Assert.True(nonZero > 0);
        Assert.Equal(nonZero, (await Browser.EvaluateAsync("document.querySelectorAll('#variable-table tbody tr').length"))!.GetValue<int>());
        await Browser.ScreenshotAsync(Screenshots.PathOf($"console-{kind}.png"));
        Assert.Empty(Browser.Errors);
    }

    [Fact]
    public async Task InvalidProblem_ShowsEachFieldWithItsReason_AndQueuesNothing()
    {
        var before = (await session.Service.Client.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count;
        await Browser.NavigateAsync(session.Url("#/new?kind=transshipment"));
        await Browser.WaitForAsync("document.querySelector('#body')?.value.includes('Youngstown')", Generous);
        await Browser.FillAsync("#body", """{ "nodes": [ { "id": "a", "supply": -5 } ], "arcs": [ { "from": "a", "to": "nowhere", "cost": 1 } ] }""");
        await Browser.ClickAsync("#submit");
        var text = (await Browser.WaitForAsync("document.querySelector('#submit-outcome .error')?.innerText", Generous)).GetValue<string>();
        Assert.Contains("nodes[0].supply", text, StringComparison.Ordinal);
        Assert.Contains("arcs[0].to", text, StringComparison.Ordinal);
        Assert.StartsWith("#/new", (await Browser.EvaluateAsync("location.hash"))!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(before, (await session.Service.Client.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Count);
        // a 400 is the page's answer, not a script error
        Assert.Empty(Browser.ErrorsBut(400));
    }

    /// <summary>Opens the form for <paramref name="kind"/>, waits for its example, submits it and waits for the result on the job page.</summary>
    private async Task<Guid> SubmitExampleFromTheFormAsync(string kind, string exampleContains)
    {
        await Browser.NavigateAsync(session.Url($"#/new?kind={kind}"));
        await Browser.WaitForAsync($"document.querySelector('#kind')?.value === '{kind}' && document.querySelector('#body')?.value.includes('{exampleContains}')", Generous);
        await Browser.ClickAsync("#submit");
        var hash = (await Browser.WaitForAsync("location.hash.startsWith('#/jobs/') && location.hash", Generous)).GetValue<string>();
        await Browser.WaitForAsync("document.querySelector('#result-objective')", Generous);
        return Guid.Parse(hash["#/jobs/".Length..]);
    }

    private static string SamplePath(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "samples", name))) return Path.Combine(dir.FullName, "samples", name);
        throw new FileNotFoundException($"samples/{name} not found above {AppContext.BaseDirectory}");
    }
}
