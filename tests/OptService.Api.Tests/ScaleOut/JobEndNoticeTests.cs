using System.Globalization;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;
using Xunit.Abstractions;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// A request waiting in the API process (<c>?waitSeconds</c>) on a job that a worker process finishes is
/// answered because PostgreSQL announces the job's end (LISTEN/NOTIFY), not at the store poll: with that
/// poll at 10 s, waits still answer within a second, also after the listening connection was cut.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class JobEndNoticeTests(PostgresDatabase database, ITestOutputHelper output) : IClassFixture<PostgresDatabase>
{
    private const int Samples = 12;

    private static readonly Dictionary<string, string> SlowFallback = new() { ["Jobs:WaitFallbackPollInterval"] = "00:00:10" };

    [Fact]
    public async Task AWaitAcrossProcesses_AnswersOnTheNotice_AlsoAfterTheListenerWasCut()
    {
        await using var api = await SharedMode.StartApiAsync(database, SlowFallback);
        await using var worker = await SharedMode.StartWorkerAsync(database, workerCount: 1);
        var client = new JobClient(api.Client);
        var problem = SharedFixtures.Read("seed", "american-steel.json");

        await AssertWaitsAnswerPromptlyAsync(client, problem, "listening");

        // Cut the listener's connection as a database restart or a network failure would; the API opens another.
        var cut = await ExecuteScalarAsync(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'optservice-job-end-listener' AND datname = current_database()");
        Assert.Equal(1L, cut);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while ((long)(await ListenersAsync())! == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(1L, await ListenersAsync());

        await AssertWaitsAnswerPromptlyAsync(client, problem, "after the reconnect");
    }

    /// <summary>
    /// Submits American Steel one at a time and waits on each; measures from the job's <c>finishedAt</c> (the
    /// worker's commit) to the wait's answer, for the jobs that finished while the request waited.
    /// </summary>
    private async Task AssertWaitsAnswerPromptlyAsync(JobClient client, string problem, string phase)
    {
        var delays = new List<TimeSpan>();
        for (var i = 0; i < Samples; i++)
        {
            var id = await client.SubmitAsync("transshipment", problem);
            var asked = DateTimeOffset.UtcNow;
            var job = await client.GetJobAsync(id, waitSeconds: 30);
            var answered = DateTimeOffset.UtcNow;
            Assert.Equal("succeeded", job["status"]!.GetValue<string>());
            Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);
            var finished = job["finishedAt"]!.GetValue<DateTimeOffset>();
            if (finished > asked) delays.Add(answered - finished);
        }
        delays.Sort();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase}: {delays.Count} of {Samples} jobs finished during the wait; finish to answer median " +
            $"{(delays.Count > 0 ? delays[delays.Count / 2].TotalMilliseconds : double.NaN):F0} ms, max {(delays.Count > 0 ? delays[^1].TotalMilliseconds : double.NaN):F0} ms; " +
            $"load average {File.ReadAllText("/proc/loadavg").Trim()}"));
        // The worker takes tens of milliseconds to pick a job up, so most jobs end while their request waits.
        // Polling every 10 s would answer those 0-10 s after the end: a median within a second is the notice.
        Assert.True(delays.Count >= Samples / 2, $"{phase}: only {delays.Count} of {Samples} jobs finished during the wait");
        Assert.True(delays[delays.Count / 2] < TimeSpan.FromSeconds(1), $"{phase}: median finish-to-answer {delays[delays.Count / 2]}: {string.Join(", ", delays)}");
    }

    private Task<object?> ListenersAsync() => ExecuteScalarAsync(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'optservice-job-end-listener' AND datname = current_database()");

    private async Task<object?> ExecuteScalarAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
