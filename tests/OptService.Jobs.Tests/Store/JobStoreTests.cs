using System.Text;
using OptService.Kinds;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Store;

/// <summary>The store's guarantees, on both databases it runs on (SQLite embedded, PostgreSQL shared).</summary>
[Collection(PostgresTests.Name)]
public sealed class JobStoreTests
{
    public static TheoryData<string> Backends => TempStore.Backends;

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static JobCompletion Succeeded(double objective, DateTimeOffset at) =>
        new(JobStatus.Succeeded, SolveOutcome.Optimal, objective, null, null, Encoding.UTF8.GetBytes($"{{\"objective\":{objective}}}"), at);

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Create_StoresAQueuedJobWithItsFirstLogLine(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "transshipment", "{}"u8.ToArray(), T0);
        var job = await temp.Store.GetAsync(id);
        Assert.NotNull(job);
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(T0, job.CreatedAt);
        Assert.Equal("{}"u8.ToArray(), await temp.Store.GetProblemAsync(id));
        var line = Assert.Single(await temp.Store.GetLogsAsync(id, 0, 100));
        Assert.Equal(1, line.Seq);
        Assert.Equal("accepted transshipment job; queued", line.Message);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TryStart_ClaimsAJobForExactlyOneOfManyConcurrentClaimants(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => temp.Store.TryStartAsync(id, $"worker{i}", T0, T0 + Lease)));
        var claim = Assert.Single(claims, c => c is not null);
        Assert.Equal(1, claim!.Attempt);
        Assert.Equal(JobStatus.Running, (await temp.Store.GetAsync(id))!.Status);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task TryStart_TakesOverARunningJob_OnlyAfterItsLeaseExpired(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        Assert.NotNull(await temp.Store.TryStartAsync(id, "dead", T0, T0 + Lease));
        Assert.Null(await temp.Store.TryStartAsync(id, "other", T0 + Lease - TimeSpan.FromSeconds(1), T0 + 2 * Lease));
        var takeover = await temp.Store.TryStartAsync(id, "other", T0 + Lease + TimeSpan.FromSeconds(1), T0 + 3 * Lease);
        Assert.Equal(2, takeover!.Attempt);

        // The old owner's late answer is rejected; the new owner's counts.
        Assert.False(await temp.Store.FinishAsync(id, "dead", Succeeded(1, T0 + Lease), JobOutput.None));
        Assert.True(await temp.Store.FinishAsync(id, "other", Succeeded(2, T0 + 2 * Lease), JobOutput.None));
        var job = await temp.Store.GetAsync(id);
        Assert.Equal(JobStatus.Succeeded, job!.Status);
        Assert.Equal(2, job.Objective);
        Assert.Equal("{\"objective\":2}"u8.ToArray(), await temp.Store.GetResultAsync(id));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Finish_HappensOnce_AndAFinishedJobCannotBeClaimedAgain(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(id, "w", T0, T0 + Lease);
        Assert.True(await temp.Store.FinishAsync(id, "w", Succeeded(5, T0), JobOutput.None));
        Assert.False(await temp.Store.FinishAsync(id, "w", Succeeded(6, T0), JobOutput.None));
        Assert.Null(await temp.Store.TryStartAsync(id, "w2", T0 + 10 * Lease, T0 + 11 * Lease));
        Assert.Equal(5, (await temp.Store.GetAsync(id))!.Objective);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Heartbeat_WritesOutput_ReportsCancellation_AndNoticesALostLease(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(id, "w", T0, T0 + Lease);
        var output = new JobOutput([new PendingLogLine(T0, JobLogLevel.Info, "iteration 1")],
            [PendingArtifact.From("model.lp", "text/plain", [1, 2, 3])], "{\"best\":7}", 7);
        var beat = await temp.Store.HeartbeatAsync(id, "w", T0 + Lease, output);
        Assert.Equal(new Heartbeat(LeaseHeld: true, CancelRequested: false), beat);
        Assert.Equal("{\"best\":7}", await temp.Store.GetIncumbentAsync(id));
        Assert.Equal(7, (await temp.Store.GetAsync(id))!.Objective);
        var small = (await temp.Store.GetArtifactAsync(id, "model.lp"))!;
        Assert.False(small.Gzipped);
        Assert.Equal([1, 2, 3], small.Decompressed());

        var cancelled = await temp.Store.RequestCancelAsync(id, T0);
        Assert.Equal(JobStatus.Running, cancelled!.Status);
        Assert.True(cancelled.CancelRequested);
        Assert.True((await temp.Store.HeartbeatAsync(id, "w", T0 + Lease, JobOutput.None)).CancelRequested);
        Assert.False((await temp.Store.HeartbeatAsync(id, "intruder", T0 + Lease, JobOutput.None)).LeaseHeld);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task LargeArtifacts_AreStoredCompressed_AndReadBackByteForByte(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(id, "w", T0, T0 + Lease);
        var text = System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $" + 3 x{i}\n")));
        await temp.Store.HeartbeatAsync(id, "w", T0 + Lease, new JobOutput([], [PendingArtifact.From("model.lp", "text/plain", text)], null, null));
        var stored = (await temp.Store.GetArtifactAsync(id, "model.lp"))!;
        Assert.True(stored.Gzipped);
        Assert.True(stored.Stored.Length < text.Length / 2, $"{stored.Stored.Length} of {text.Length} bytes");
        Assert.Equal(text.Length, stored.Info.Size);
        Assert.Equal(text, stored.Decompressed());
        Assert.Equal(text.Length, Assert.Single(await temp.Store.ListArtifactsAsync(id)).Size);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Finish_StoresEveryFile_TheLastOfARepeatedName_AndReplacesFilesWrittenBefore(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(id, "w", T0, T0 + Lease);
        await temp.Store.HeartbeatAsync(id, "w", T0 + Lease, new JobOutput([], [PendingArtifact.From("model.lp", "text/plain", [9])], null, null));
        var output = new JobOutput([], [
            PendingArtifact.From("model.lp", "text/plain", [1]),
            PendingArtifact.From("flows.csv", "text/csv", [2, 2]),
            PendingArtifact.From("model.lp", "text/plain", [3, 3, 3]),
        ], null, null);
        Assert.True(await temp.Store.FinishAsync(id, "w", Succeeded(1, T0), output));
        Assert.Equal(["flows.csv", "model.lp"], (await temp.Store.ListArtifactsAsync(id)).Select(a => a.Name));
        Assert.Equal([3, 3, 3], (await temp.Store.GetArtifactAsync(id, "model.lp"))!.Decompressed());
        var csv = (await temp.Store.GetArtifactAsync(id, "flows.csv"))!;
        Assert.Equal("text/csv", csv.Info.ContentType);
        Assert.Equal([2, 2], csv.Decompressed());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ListUnfinished_ReturnsTheQueuedAndRunningJobsOfThoseAsked(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        Guid queued = Guid.CreateVersion7(), running = Guid.CreateVersion7(), done = Guid.CreateVersion7(), other = Guid.CreateVersion7();
        foreach (var id in new[] { queued, running, done, other }) await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(running, "w", T0, T0 + Lease);
        await temp.Store.TryStartAsync(done, "w", T0, T0 + Lease);
        await temp.Store.FinishAsync(done, "w", Succeeded(1, T0), JobOutput.None);
        var unfinished = await temp.Store.ListUnfinishedAsync([queued, running, done, Guid.NewGuid()]);
        Assert.Equal(new[] { queued, running }.Order(), unfinished.Order());
        // Over the size of one query (500 ids) too.
        var many = Enumerable.Range(0, 1200).Select(_ => Guid.NewGuid()).Append(queued).ToList();
        Assert.Equal([queued], await temp.Store.ListUnfinishedAsync(many));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task RequestCancel_OfAQueuedJob_CancelsItAtOnce_AndItCanNeverStart(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        var job = await temp.Store.RequestCancelAsync(id, T0);
        Assert.Equal(JobStatus.Cancelled, job!.Status);
        Assert.Null(await temp.Store.TryStartAsync(id, "w", T0, T0 + Lease));
        Assert.Null(await temp.Store.RequestCancelAsync(Guid.NewGuid(), T0));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task LogSequence_IsGapFreeAndUnique_UnderConcurrentWriters(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(id, "w", T0, T0 + Lease);
        var lines = Enumerable.Range(0, 250).Select(i => new PendingLogLine(T0, JobLogLevel.Debug, $"line {i}")).ToList();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            temp.Store.HeartbeatAsync(id, "w", T0 + Lease, new JobOutput(lines, [], null, null))));
        var stored = await temp.Store.GetLogsAsync(id, 0, 10_000);
        Assert.Equal(Enumerable.Range(1, 1 + 6 * 250).Select(i => (long)i), stored.Select(l => l.Seq));
        Assert.Equal(100, (await temp.Store.GetLogsAsync(id, 1000, 100)).Count);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task ListOrphaned_FindsUnfinishedJobsAfterARestart_AndExpiredLeasesAlways(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var queued = Guid.CreateVersion7();
        var running = Guid.CreateVersion7();
        var done = Guid.CreateVersion7();
        foreach (var id in new[] { queued, running, done }) await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        await temp.Store.TryStartAsync(running, "w", T0, T0 + Lease);
        await temp.Store.TryStartAsync(done, "w", T0, T0 + Lease);
        await temp.Store.FinishAsync(done, "w", Succeeded(1, T0), JobOutput.None);

        Assert.Equal(new[] { queued, running }.Order(), (await temp.Store.ListOrphanedAsync(T0, afterRestart: true, unqueuedAfter: null)).Order());
        Assert.Empty(await temp.Store.ListOrphanedAsync(T0, afterRestart: false, unqueuedAfter: null));
        Assert.Equal([running], await temp.Store.ListOrphanedAsync(T0 + 2 * Lease, afterRestart: false, unqueuedAfter: null));
        Assert.Equal(new[] { queued, running }.Order(), (await temp.Store.ListOrphanedAsync(T0 + 2 * Lease, afterRestart: false, unqueuedAfter: Lease)).Order());
        await temp.Store.MarkEnqueuedAsync(queued, "hf-1");
        Assert.Equal([running], await temp.Store.ListOrphanedAsync(T0 + 2 * Lease, afterRestart: false, unqueuedAfter: Lease));

        Assert.Equal(1, await temp.Store.ReleaseAllRunningAsync(T0, maxAttempts: 3));
        Assert.Equal(JobStatus.Queued, (await temp.Store.GetAsync(running))!.Status);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task List_IsNewestFirst_WithFilters(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var ids = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            await temp.Store.CreateAsync(id, i % 2 == 0 ? "a" : "b", "{}"u8.ToArray(), T0 + TimeSpan.FromSeconds(i));
        }
        Assert.Equal(Enumerable.Reverse(ids), (await temp.Store.ListAsync("", null, null, 10)).Select(j => j.Id));
        Assert.Equal([ids[4], ids[2], ids[0]], (await temp.Store.ListAsync("", "a", JobStatus.Queued, 10)).Select(j => j.Id));
        Assert.Empty(await temp.Store.ListAsync("", null, JobStatus.Running, 10));
        Assert.Equal(2, (await temp.Store.ListAsync("", null, null, 2)).Count);
    }
}
