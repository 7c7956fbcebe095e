using System.Diagnostics;
using OptService.Jobs.Execution;
using OptService.Kinds;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Store;

namespace OptService.Jobs.Tests.Execution;

/// <summary>
/// Requests waiting on jobs (<c>?waitSeconds</c>): each is told when its job finishes, however many others
/// wait on the same job, time out or disconnect around it.
/// </summary>
public sealed class JobWaiterTests
{
    [Fact]
    public void Finished_ReachesAWaiter_AfterAnotherWaiterOnTheSameJobLeft()
    {
        var events = new JobEvents();
        var id = Guid.CreateVersion7();
        using var staying = events.Subscribe(id);
        var leaving = events.Subscribe(id);
        leaving.Dispose();

        Assert.Contains(id, events.Waited());
        events.Finished(id);
        Assert.True(staying.Finished.IsCompleted);
        Assert.Empty(events.Waited());
    }

    [Fact]
    public async Task ManyWaiters_ThoseStillWaitingAreAllTold_AndNothingIsKeptAfterwards()
    {
        var events = new JobEvents();
        var jobs = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToArray();
        var random = new Random(7);
        var subscriptions = new List<(Guid Job, JobEvents.Subscription Subscription, bool Left)>();
        await Parallel.ForAsync(0, 2000, async (i, _) =>
        {
            var job = jobs[i % jobs.Length];
            var subscription = events.Subscribe(job);
            bool leave;
            lock (random) leave = random.Next(3) == 0;
            if (leave) subscription.Dispose();
            lock (subscriptions) subscriptions.Add((job, subscription, leave));
            await Task.Yield();
        });
        foreach (var job in jobs) events.Finished(job);

        Assert.All(subscriptions.Where(s => !s.Left), s => Assert.True(s.Subscription.Finished.IsCompleted));
        foreach (var (_, subscription, _) in subscriptions) subscription.Dispose();
        Assert.Empty(events.Waited());
    }

    [Fact]
    public void LastWaiterLeaving_DropsTheEntry_AndALaterWaitStartsAfresh()
    {
        var events = new JobEvents();
        var id = Guid.CreateVersion7();
        events.Subscribe(id).Dispose();
        Assert.Empty(events.Waited());

        var old = events.Subscribe(id);
        events.Finished(id);
        using var later = events.Subscribe(id);
        old.Dispose(); // the finished entry's last waiter leaving must not drop the new wait
        Assert.Contains(id, events.Waited());
        Assert.False(later.Finished.IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_LongWaitAnswersWhenTheJobFinishes_NotAtItsTimeout_AfterAShortWaitTimedOut()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var store = temp.Store;
        var events = new JobEvents();
        var waiter = new JobWaiter(store, events);
        var id = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await store.CreateAsync(id, "k", "{}"u8.ToArray(), now);
        Assert.NotNull(await store.TryStartAsync(id, "w", now, now + TimeSpan.FromMinutes(1)));

        var clock = Stopwatch.StartNew();
        var longWait = waiter.WaitAsync(id, TimeSpan.FromSeconds(30), CancellationToken.None);
        var shortWait = await waiter.WaitAsync(id, TimeSpan.FromMilliseconds(200), CancellationToken.None);
        Assert.Equal(JobStatus.Running, shortWait!.Status);
        using (var disconnected = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(id, TimeSpan.FromSeconds(30), disconnected.Token));
        }

        var completion = new JobCompletion(JobStatus.Succeeded, SolveOutcome.Optimal, 1, null, null, "{}"u8.ToArray(), DateTimeOffset.UtcNow);
        Assert.True(await store.FinishAsync(id, "w", completion, JobOutput.None));
        events.Finished(id);
        var answer = await longWait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(JobStatus.Succeeded, answer!.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"answered after {clock.Elapsed}");
    }
}
