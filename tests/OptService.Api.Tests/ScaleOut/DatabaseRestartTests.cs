using System.Net;
using System.Text;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;
using Xunit.Abstractions;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// PostgreSQL restarts, then the API process is killed and started again, while clients keep
/// submitting: clients get 503 with Retry-After while the database is away (never a 500, never a
/// hang), the processes recover by themselves, and every accepted job ends exactly once.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class DatabaseRestartTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Jobs:Lease"] = "00:00:03",
        ["Jobs:RecoveryInterval"] = "00:00:01",
    };

    private static readonly string Problem = SharedFixtures.Read("seed", "american-steel.json");

    [Fact]
    public async Task DatabaseAndApiRestart_UnderSubmissions_503sWhileAway_NoAcceptedJobLost_WorkersRecoverAlone()
    {
        var api = await SharedMode.StartApiAsync(database, Settings);
        var workerStarts = new[] { SharedMode.StartWorkerAsync(database, 2, Settings), SharedMode.StartWorkerAsync(database, 2, Settings) };
        await using var first = await workerStarts[0];
        await using var second = await workerStarts[1];
        ServiceProcess? restartedApi = null;
        using var stream = new SubmissionStream(api.Port);
        try
        {
            var submitting = stream.RunAsync();
            await stream.WaitForAcceptedAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(1000);

            stream.Phase = Phase.DatabaseDown;
            await using (await PostgresServer.StopAsync())
            {
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            stream.Phase = Phase.DatabaseBack;
            var recovery = await stream.WaitForAcceptedAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"first 202 {recovery.TotalMilliseconds:F0} ms after the database was back");
            await Task.Delay(1000);

            stream.Phase = Phase.ApiDown;
            await api.KillAsync();
            output.WriteLine("API process log up to the kill:\n" + api.Output);
            restartedApi = await SharedMode.StartApiAsync(database, Settings, api.Port);
            stream.Phase = Phase.ApiBack;
            await stream.WaitForAcceptedAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(1000);
            stream.Stop();
            await submitting;

            var outcomes = stream.Outcomes;
            foreach (var group in outcomes.GroupBy(o => (o.Phase, o.Status, o.Error)))
                output.WriteLine($"{group.Key.Phase}: {(group.Key.Status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : group.Key.Error)} x{group.Count()}");

            // Only 202, or 503 with Retry-After as problem details; no answer only while the API process is down.
            Assert.All(outcomes.Where(o => o.Status is not null), o => Assert.True(
                o.Status == HttpStatusCode.Accepted || (o.Status == HttpStatusCode.ServiceUnavailable && o.RetryAfter is not null && o.ProblemDetails),
                $"{o.Phase}: {(int)o.Status!} retry-after={o.RetryAfter} problem={o.ProblemDetails} {o.Body}"));
            Assert.All(outcomes.Where(o => o.Status is null), o => Assert.True(o.EndPhase == Phase.ApiDown && o.Error == nameof(HttpRequestException),
                $"{o.Phase}-{o.EndPhase}: no answer ({o.Error}) {o.Body}"));
            Assert.Contains(outcomes, o => o.Phase == Phase.DatabaseDown && o.Status == HttpStatusCode.ServiceUnavailable);

            // Every accepted job ends exactly once; the workers were never restarted.
            var client = new JobClient(restartedApi.Client);
            var accepted = outcomes.Where(o => o.Id is not null).Select(o => o.Id!.Value).ToList();
            IReadOnlyList<System.Text.Json.Nodes.JsonObject> jobs;
            try
            {
                jobs = await SharedMode.WaitAllTerminalAsync(database, client, accepted, TimeSpan.FromSeconds(90));
            }
            finally
            {
                output.WriteLine("worker logs:\n" + first.Output + "\n----\n" + second.Output);
            }
            Assert.All(jobs, job => Assert.Equal("succeeded", job["status"]!.GetValue<string>()));
            foreach (var id in accepted)
            {
                var messages = (await client.GetLogLinesAsync(id)).Select(l => l!["message"]!.GetValue<string>()).ToList();
                Assert.Single(messages, m => m.StartsWith("finished:", StringComparison.Ordinal));
            }
            Assert.False(first.HasExited || second.HasExited);
            // A 503 says nothing was created: only requests cut off by the kill may have left a job the client never heard of.
            var stored = await SharedMode.ListJobsAsync(client);
            var unanswered = outcomes.Count(o => o.Status is null);
            Assert.InRange(stored.Count, accepted.Count, accepted.Count + unanswered);
        }
        finally
        {
            stream.Stop();
            await api.DisposeAsync();
            if (restartedApi is not null) await restartedApi.DisposeAsync();
        }
    }

    private enum Phase
    {
        Before,
        DatabaseDown,
        DatabaseBack,
        ApiDown,
        ApiBack,
    }

    private sealed record Outcome(Phase Phase, Phase EndPhase, HttpStatusCode? Status, string? RetryAfter, bool ProblemDetails, Guid? Id, string? Error, string? Body);

    /// <summary>Two clients submitting one job every 50 ms each; a request may take at most 10 s (longer is a hang).</summary>
    private sealed class SubmissionStream(int port) : IDisposable
    {
        private readonly List<Outcome> _outcomes = [];
        private readonly CancellationTokenSource _stop = new();
        private int _acceptedInPhase;
        private Phase _phase;

        public Phase Phase
        {
            get => _phase;
            set
            {
                Interlocked.Exchange(ref _acceptedInPhase, 0);
                _phase = value;
            }
        }

        public IReadOnlyList<Outcome> Outcomes
        {
            get
            {
                lock (_outcomes) return [.. _outcomes];
            }
        }

        public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(LoopAsync)));

        public void Stop() => _stop.Cancel();

        public void Dispose() => _stop.Dispose();

        /// <summary>Waits for a 202 in the current phase; returns how long that took.</summary>
        public async Task<TimeSpan> WaitForAcceptedAsync(TimeSpan timeout)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (Volatile.Read(ref _acceptedInPhase) == 0)
            {
                if (clock.Elapsed > timeout) throw new TimeoutException($"no submission was accepted within {timeout} in phase {Phase}");
                await Task.Delay(20);
            }
            return clock.Elapsed;
        }

        private async Task LoopAsync()
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            while (!_stop.IsCancellationRequested)
            {
                var phase = Phase;
                Outcome outcome;
                try
                {
                    using var response = await http.PostAsync("/api/v1/jobs/transshipment", new StringContent(Problem, Encoding.UTF8, "application/json"));
                    var body = await response.Content.ReadAsStringAsync();
                    Guid? id = response.StatusCode == HttpStatusCode.Accepted
                        ? System.Text.Json.Nodes.JsonNode.Parse(body)!["id"]!.GetValue<Guid>()
                        : null;
                    outcome = new Outcome(phase, Phase, response.StatusCode, response.Headers.RetryAfter?.ToString(),
                        response.Content.Headers.ContentType?.MediaType == "application/problem+json", id, null, id is null ? body : null);
                    if (id is not null && Phase == phase) Interlocked.Increment(ref _acceptedInPhase);
                }
                catch (HttpRequestException exception)
                {
                    outcome = new Outcome(phase, Phase, null, null, false, null, nameof(HttpRequestException), exception.Message);
                }
                catch (TaskCanceledException exception)
                {
                    outcome = new Outcome(phase, Phase, null, null, false, null, "timeout (hang)", exception.Message);
                }
                lock (_outcomes) _outcomes.Add(outcome);
                // A steady stream, not a flood: at most 40 jobs a second keeps the whole run within one
                // page of the job list (1,000) on a fast machine, and keeps retries from spinning.
                await Task.Delay(50);
            }
        }
    }
}
