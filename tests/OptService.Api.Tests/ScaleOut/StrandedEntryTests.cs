using OptService.Api.Tests.Infrastructure;
using OptService.Jobs.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.ScaleOut;

/// <summary>
/// A job whose queue entry no worker will ever run (seen under load: an entry kept invisible by its keep-alive
/// while both workers sat idle) must not stay queued forever: the recovery sweep queues a job again once it has
/// been queued for two leases, and the job finishes.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class StrandedEntryTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task AJobWhoseQueueEntryIsLost_IsQueuedAgain_AndFinishes()
    {
        var settings = new Dictionary<string, string> { ["Jobs:Lease"] = "00:00:02", ["Jobs:RecoveryInterval"] = "00:00:00.500" };
        await using var api = await SharedMode.StartApiAsync(database, settings);
        var client = new JobClient(api.Client);
        var id = await client.SubmitAsync("transshipment", SharedFixtures.Read("seed", "american-steel.json"));

        // No worker runs yet: strand the job by taking its entry out of Hangfire's queue, as if a worker held it forever.
        await using (var connection = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            var deleted = 0;
            for (var tries = 0; deleted == 0 && tries < 50; tries++)
            {
                if (tries > 0) await Task.Delay(100); // the queue reference is written just after the entry
                await using var command = new Npgsql.NpgsqlCommand(
                    "DELETE FROM hangfire.jobqueue q USING opt_jobs o WHERE o.id = @id AND q.jobid::text = o.queue_ref", connection);
                command.Parameters.AddWithValue("id", id.ToString());
                deleted = await command.ExecuteNonQueryAsync();
            }
            Assert.Equal(1, deleted);
        }

        await using var worker = await SharedMode.StartWorkerAsync(database, workerCount: 1, settings);
        var job = await client.WaitAsync(id, seconds: 30);
        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);
        Assert.Single(await SharedMode.GetStartsAsync(client, id));
    }
}
