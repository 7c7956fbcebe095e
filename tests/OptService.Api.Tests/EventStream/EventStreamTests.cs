using System.Net;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.EventStream;

/// <summary><c>GET /api/v1/jobs/{id}/events</c> read by a real HTTP client over a Kestrel socket, embedded store.</summary>
public sealed class EventStreamTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private readonly ServiceFactory _factory = ServiceFactory.With(new Dictionary<string, string?>
    {
        ["Events:PollInterval"] = "00:00:00.100",
    });

    private readonly JobClient _client;

    public EventStreamTests() => _client = new JobClient(KestrelService.Start(_factory));

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task RunningJob_StreamsStatusLogIncumbentFinished_InOrder_ThenEnds()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 1500, "logLines": 4 }""");
        await using var stream = await EventStreamReader.OpenAsync(_client.Http, id);

        var events = await stream.ReadToEndAsync(Generous);

        var names = events.Select(e => e.Name).ToList();
        Assert.Equal("finished", names[^1]);
        Assert.Equal(["queued", "running", "succeeded"], events.Where(e => e.Name == "status").Select(e => e.Json["status"]!.GetValue<string>()));
        // running comes before the solver's lines, the terminal status after every line, just before finished
        Assert.True(names.IndexOf("status") < names.IndexOf("log"));
        Assert.Equal(names.Count - 2, names.LastIndexOf("status"));
        Assert.True(names.IndexOf("incumbent") > names.IndexOf("status"), "incumbents follow the start");
        // the log as /logs gives it, every line once, in order
        await AssertLogIsCompleteAsync(id, events);
        var incumbents = events.Where(e => e.Name == "incumbent").Select(e => e.Json).ToList();
        Assert.True(incumbents.Count >= 2, $"a 1.5 s solve publishing every 20 ms should show several incumbents, got {incumbents.Count}");
        var objectives = incumbents.Select(i => i["objective"]!.GetValue<double>()).ToList();
        Assert.Equal(objectives.Order(), objectives);
        var final = events[^1].Json;
        Assert.Equal(id, final["id"]!.GetValue<Guid>());
        Assert.Equal("succeeded", final["status"]!.GetValue<string>());
        Assert.Equal(1500, final["objective"]!.GetValue<double>());
        AssertIdsIncrease(events);
    }

    [Fact]
    public async Task FinishedJob_ReplaysItsHistory_AndResumingAfterFinishedIs204()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 10, "logLines": 2 }""");
        Assert.Equal("succeeded", (await _client.WaitAsync(id))["status"]!.GetValue<string>());

        await using var stream = await EventStreamReader.OpenAsync(_client.Http, id);
        var events = await stream.ReadToEndAsync(Generous);

        Assert.Equal(["queued", "running", "succeeded"], events.Where(e => e.Name == "status").Select(e => e.Json["status"]!.GetValue<string>()));
        Assert.Equal("finished", events[^1].Name);
        await AssertLogIsCompleteAsync(id, events);
        using var after = await EventStreamReader.SendAsync(_client.Http, id, lastEventId: events[^1].Id);
        Assert.Equal(HttpStatusCode.NoContent, after.StatusCode);
    }

    [Fact]
    public async Task Reconnecting_WithLastEventId_ContinuesWithoutGapsOrDuplicates()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 2500, "logLines": 6 }""");
        var received = new List<ServerSentEvent>();
        await using (var first = await EventStreamReader.OpenAsync(_client.Http, id))
        {
            // up to the first incumbent: the job is running, more will come
            while (await first.NextAsync(Generous) is { } item)
            {
                received.Add(item);
                if (item.Name == "incumbent") break;
            }
        } // the client drops the connection mid-stream
        Assert.Equal("incumbent", received[^1].Name);
        await Task.Delay(300); // the job goes on meanwhile

        await using (var second = await EventStreamReader.OpenAsync(_client.Http, id, lastEventId: received[^1].Id))
            received.AddRange(await second.ReadToEndAsync(Generous));

        Assert.Equal(received.Count, received.Select(e => e.Id).Distinct().Count());
        AssertIdsIncrease(received);
        Assert.Equal(["queued", "running", "succeeded"], received.Where(e => e.Name == "status").Select(e => e.Json["status"]!.GetValue<string>()));
        Assert.Single(received, e => e.Name == "finished");
        await AssertLogIsCompleteAsync(id, received);
    }

    [Fact]
    public async Task CancelledJob_StreamEndsWithCancelled()
    {
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 60000 }""");
        await using var stream = await EventStreamReader.OpenAsync(_client.Http, id);
        var events = new List<ServerSentEvent>();
        while (await stream.NextAsync(Generous) is { } item)
        {
            events.Add(item);
            if (item.Name == "status" && item.Json["status"]!.GetValue<string>() == "running") break;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var cancel = await _client.Http.DeleteAsync($"/api/v1/jobs/{id}"))
            Assert.True(cancel.IsSuccessStatusCode);

        events.AddRange(await stream.ReadToEndAsync(Generous));

        Assert.Equal(["queued", "running", "cancelled"], events.Where(e => e.Name == "status").Select(e => e.Json["status"]!.GetValue<string>()));
        Assert.Equal("cancelled", events[^1].Json["status"]!.GetValue<string>());
        Assert.Contains(events, e => e.Name == "log" && e.Json["message"]!.GetValue<string>() == "cancellation requested");
        // well before the 60 s the job would have run (generous for a shared machine)
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the stream ended {clock.Elapsed} after the cancel");
    }

    [Fact]
    public async Task UnknownJob_Is404_AndMalformedLastEventId_Is400()
    {
        using var missing = await EventStreamReader.SendAsync(_client.Http, Guid.NewGuid());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var id = await _client.SubmitAsync("test-delay", """{ "durationMs": 1 }""");
        using var bad = await EventStreamReader.SendAsync(_client.Http, id, lastEventId: "yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull((await JobClient.ReadProblemAsync(bad))["errors"]!["Last-Event-ID"]);
    }

    /// <summary>The stream's log events are exactly the lines of <c>/logs</c>: same seq, same text, each once, in order.</summary>
    private async Task AssertLogIsCompleteAsync(Guid id, IReadOnlyList<ServerSentEvent> events)
    {
        var streamed = events.Where(e => e.Name == "log").Select(e => (Seq: e.Json["seq"]!.GetValue<long>(), Message: e.Json["message"]!.GetValue<string>())).ToList();
        var stored = (await _client.GetLogLinesAsync(id)).Select(l => (Seq: l!["seq"]!.GetValue<long>(), Message: l["message"]!.GetValue<string>())).ToList();
        Assert.Equal(stored, streamed);
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), streamed.Select(l => l.Seq));
    }

    /// <summary>Event ids are cursors <c>log.step.incumbent</c>: no part ever goes back, and each event moves at least one forward.</summary>
    private static void AssertIdsIncrease(IReadOnlyList<ServerSentEvent> events)
    {
        long[]? previous = null;
        foreach (var item in events)
        {
            var parts = item.Id!.Split('.').Select(long.Parse).ToArray();
            if (previous is not null)
            {
                Assert.True(parts.Zip(previous).All(p => p.First >= p.Second), $"id {item.Id} goes back from {string.Join('.', previous)}");
                Assert.True(parts.Zip(previous).Any(p => p.First > p.Second), $"id {item.Id} repeats");
            }
            previous = parts;
        }
    }
}
