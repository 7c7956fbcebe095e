using OptService.Jobs.Store;

namespace OptService.Jobs.Tests.Store;

/// <summary>
/// Which job a free worker slot starts (<c>JobStore.TryStartNextAsync</c>): priority first, then the API
/// key with the fewest running jobs, then the key that started a job least recently, then age; a key at its
/// MaxRunning waits, and gets its slot back when a running job's lease runs out. On both backends.
/// </summary>
public sealed class JobClaimOrderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 6, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private static async Task<Guid> SubmitAsync(JobStore store, string client, int second, JobPriority priority = JobPriority.Normal, ClientLimits? limits = null)
    {
        var id = Guid.CreateVersion7();
        var admission = await store.AdmitAsync(id, new NewJob("k", "{}"u8.ToArray(), client, Priority: priority, Limits: limits), 0, T0.AddSeconds(second));
        Assert.IsType<Admission.Created>(admission);
        return id;
    }

    private static async Task<Guid?> NextAsync(JobStore store, int second, string owner = "w") =>
        (await store.TryStartNextAsync(owner, T0.AddSeconds(second), T0.AddSeconds(second) + Lease))?.Id;

    [Theory]
    [MemberData(nameof(TempStore.Backends), MemberType = typeof(TempStore))]
    public async Task AHighJob_StartsBeforeOlderNormalAndLowJobs_AndLowLast(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var low = await SubmitAsync(temp.Store, "", 1, JobPriority.Low);
        var normal = await SubmitAsync(temp.Store, "", 2);
        var high = await SubmitAsync(temp.Store, "", 3, JobPriority.High);
        var secondNormal = await SubmitAsync(temp.Store, "", 4);

        Assert.Equal(high, await NextAsync(temp.Store, 10));
        Assert.Equal(normal, await NextAsync(temp.Store, 11));
        Assert.Equal(secondNormal, await NextAsync(temp.Store, 12));
        Assert.Equal(low, await NextAsync(temp.Store, 13));
        Assert.Null(await NextAsync(temp.Store, 14));
        Assert.Equal(JobPriority.High, (await temp.Store.GetAsync(high))!.Priority);
        Assert.Equal([low], (await temp.Store.ListAsync("", null, null, 10, JobPriority.Low)).Select(j => j.Id));
    }

    [Theory]
    [MemberData(nameof(TempStore.Backends), MemberType = typeof(TempStore))]
    public async Task AKeysBacklog_DelaysAnotherKeysJob_ByOneStartPerSlot(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var batch = new List<Guid>();
        for (var i = 0; i < 50; i++) batch.Add(await SubmitAsync(temp.Store, "batch", i));
        var first = await NextAsync(temp.Store, 100);
        Assert.Equal(batch[0], first);
        var urgent = await SubmitAsync(temp.Store, "planner", 101);
        // One slot: batch's first job still runs; when it ends, the planner's job is next, not batch's 49 older ones.
        await FinishAsync(temp.Store, first!.Value, 102);
        Assert.Equal(urgent, await NextAsync(temp.Store, 103));

        // Two keys with backlogs alternate (round robin), each in its own order.
        await FinishAsync(temp.Store, urgent, 104);
        var more = new List<Guid>();
        for (var i = 0; i < 3; i++) more.Add(await SubmitAsync(temp.Store, "planner", 105 + i));
        var started = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var next = (await NextAsync(temp.Store, 110 + 2 * i))!.Value;
            started.Add(next);
            await FinishAsync(temp.Store, next, 111 + 2 * i);
        }
        Assert.Equal([batch[1], more[0], batch[2], more[1], batch[3], more[2]], started);
    }

    [Theory]
    [MemberData(nameof(TempStore.Backends), MemberType = typeof(TempStore))]
    public async Task AKeyAtMaxRunning_Waits_AndGetsItsSlotBackWhenALeaseRunsOut(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var limited = new ClientLimits(MaxRunning: 1);
        var a1 = await SubmitAsync(temp.Store, "a", 1, limits: limited);
        var a2 = await SubmitAsync(temp.Store, "a", 2, limits: limited);
        var b1 = await SubmitAsync(temp.Store, "b", 3);

        Assert.Equal(a1, await NextAsync(temp.Store, 10, "dies"));
        Assert.Equal(b1, await NextAsync(temp.Store, 11));
        await FinishAsync(temp.Store, b1, 11);
        Assert.Null(await NextAsync(temp.Store, 12)); // a2 waits: a has its one job running
        Assert.Equal(JobStatus.Queued, (await temp.Store.GetAsync(a2))!.Status);

        // a1's worker died: once its lease ran out the slot is a's again; the dead run is taken over first (oldest).
        var afterLease = 10 + (int)Lease.TotalSeconds + 1;
        Assert.Equal(a1, await NextAsync(temp.Store, afterLease));
        Assert.Null(await NextAsync(temp.Store, afterLease + 1));
        await FinishAsync(temp.Store, a1, afterLease + 2);
        Assert.Equal(a2, await NextAsync(temp.Store, afterLease + 3));
    }

    [Theory]
    [MemberData(nameof(TempStore.Backends), MemberType = typeof(TempStore))]
    public async Task MaxQueued_RefusesTheKeysNextSubmission_AndCreatesNothing(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var limits = new ClientLimits(MaxQueued: 2);
        await SubmitAsync(temp.Store, "a", 1, limits: limits);
        await SubmitAsync(temp.Store, "a", 2, limits: limits);
        var refused = await temp.Store.AdmitAsync(Guid.CreateVersion7(), new NewJob("k", "{}"u8.ToArray(), "a", Limits: limits), 0, T0.AddSeconds(3));
        Assert.Equal(new Admission.ClientQueueFull(2, 2), refused);
        Assert.Equal(2, (await temp.Store.ListAsync("a", null, null, 10)).Count);
        // Another key is not affected, and a started job frees a place.
        await SubmitAsync(temp.Store, "b", 4, limits: limits);
        Assert.NotNull(await NextAsync(temp.Store, 5));
        await SubmitAsync(temp.Store, "a", 6, limits: limits);
    }

    /// <summary>Ends a job that owner "w" runs.</summary>
    private static async Task FinishAsync(JobStore store, Guid id, int second) =>
        Assert.True(await store.FinishAsync(id, "w", new JobCompletion(JobStatus.Succeeded, null, null, null, null, null, T0.AddSeconds(second)), JobOutput.None));
}
