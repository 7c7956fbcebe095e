using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// Starts the shared mode's processes (API-only, worker-only) on one PostgreSQL database, and reads
/// from job logs which process started a job and when.
/// </summary>
internal static class SharedMode
{
    public static Task<ServiceProcess> StartApiAsync(PostgresDatabase database, IReadOnlyDictionary<string, string>? settings = null, int? port = null) =>
        ServiceProcess.StartAsync(Settings(database, "Api", settings), port);

    public static Task<ServiceProcess> StartWorkerAsync(PostgresDatabase database, int workerCount, IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Jobs:WorkerCount"] = workerCount.ToString(CultureInfo.InvariantCulture) };
        return ServiceProcess.StartAsync(Settings(database, "Worker", all));
    }

    private static Dictionary<string, string> Settings(PostgresDatabase database, string role, IReadOnlyDictionary<string, string>? settings)
    {
        var all = new Dictionary<string, string>
        {
            ["Jobs:PostgresConnectionString"] = database.ConnectionString,
            ["Jobs:Role"] = role,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        return all;
    }

    /// <summary>The job's "started on {owner} (attempt n)" log lines: one per start, in order.</summary>
    public static async Task<IReadOnlyList<JobStart>> GetStartsAsync(JobClient client, Guid id) =>
        (await client.GetLogLinesAsync(id))
            .Select(line => (Time: line!["time"]!.GetValue<DateTimeOffset>(), Message: line["message"]!.GetValue<string>()))
            .Where(line => line.Message.StartsWith("started on ", StringComparison.Ordinal))
            .Select(line => JobStart.Parse(line.Time, line.Message))
            .ToList();

    /// <summary>Every job of the database, newest first (the test databases hold at most a few hundred).</summary>
    public static async Task<IReadOnlyList<JsonObject>> ListJobsAsync(JobClient client) =>
        (await client.Http.GetFromJsonAsync<JsonArray>("/api/v1/jobs?limit=1000"))!.Select(job => job!.AsObject()).ToList();

    /// <summary>Waits until every listed job is terminal; returns them.</summary>
    public static async Task<IReadOnlyList<JsonObject>> WaitAllTerminalAsync(PostgresDatabase database, JobClient client, IReadOnlyCollection<Guid> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var jobs = (await ListJobsAsync(client)).Where(job => ids.Contains(job["id"]!.GetValue<Guid>())).ToList();
            var unfinished = jobs.Where(job => job["status"]!.GetValue<string>() is "queued" or "running").ToList();
            var missing = ids.Count - jobs.Count;
            if (unfinished.Count == 0 && missing == 0) return jobs;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{unfinished.Count} of {ids.Count} jobs did not finish within {timeout} ({missing} missing)\n" +
                    await DescribeUnfinishedAsync(database));
            await Task.Delay(250);
        }
    }
    /// <summary>Where unfinished jobs stand in the store and in Hangfire's queue, to tell who lost them.</summary>
    private static async Task<string> DescribeUnfinishedAsync(PostgresDatabase database)
    {
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT o.id, o.status, o.attempts, o.queue_ref, j.statename, q.fetchedat, " +
            "(SELECT string_agg(s.name || ': ' || coalesce(s.reason, ''), '; ' ORDER BY s.id) FROM hangfire.state s WHERE s.jobid = j.id), " +
            "(SELECT string_agg(resource, ', ') FROM hangfire.lock) " +
            "FROM opt_jobs o LEFT JOIN hangfire.job j ON j.id::text = o.queue_ref LEFT JOIN hangfire.jobqueue q ON q.jobid = j.id " +
            "WHERE o.status IN ('queued', 'running')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string> { "unfinished jobs (id, status, attempts, queue ref, hangfire state, fetched at, hangfire states, locks):" };
        while (await reader.ReadAsync())
            lines.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return string.Join('\n', lines);
    }
}

/// <summary>One start of a job: when, by which process (owner <c>host:pid:tag</c>), which attempt.</summary>
internal sealed record JobStart(DateTimeOffset Time, string Owner, int Attempt)
{
    public int ProcessId => int.Parse(Owner.Split(':')[1], CultureInfo.InvariantCulture);

    /// <summary>Reads "started on host:pid:tag (attempt n)".</summary>
    public static JobStart Parse(DateTimeOffset time, string message)
    {
        var rest = message["started on ".Length..];
        var owner = rest[..rest.IndexOf(' ', StringComparison.Ordinal)];
        var attempt = int.Parse(rest[(rest.IndexOf("(attempt ", StringComparison.Ordinal) + "(attempt ".Length)..].TrimEnd(')'), CultureInfo.InvariantCulture);
        return new JobStart(time, owner, attempt);
    }
}
