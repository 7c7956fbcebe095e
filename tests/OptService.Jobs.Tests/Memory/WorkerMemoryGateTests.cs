using Microsoft.Extensions.Options;
using OptService.Jobs.Memory;
using OptService.Kinds;

namespace OptService.Jobs.Tests.Memory;

public class WorkerMemoryGateTests
{
    private const long Mb = 1L << 20;

    private static WorkerMemoryGate Gate(long budgetMb) => new(Options.Create(new JobsOptions { WorkerMemoryMB = budgetMb }));

    [Fact]
    public async Task SecondLargeJob_WaitsUntilTheFirstReleases()
    {
        var gate = Gate(1000);
        var context = new LogOnly();
        var first = await gate.ReserveAsync(600 * Mb, context, CancellationToken.None);
        var second = gate.ReserveAsync(600 * Mb, context, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);
        Assert.Equal(600 * Mb, gate.ReservedBytes);
        Assert.Contains(context.Lines, l => l.StartsWith("waiting for memory: this job needs about 600 MB, 600 MB of this worker's 1000 MB", StringComparison.Ordinal));

        first.Dispose();
        using var admitted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(600 * Mb, gate.ReservedBytes);
    }

    [Fact]
    public async Task SmallJobs_RunTogether_AndAJobLargerThanTheBudgetRunsAlone()
    {
        var gate = Gate(1000);
        var context = new LogOnly();
        var a = await gate.ReserveAsync(300 * Mb, context, CancellationToken.None);
        var b = await gate.ReserveAsync(300 * Mb, context, CancellationToken.None);
        Assert.Equal(600 * Mb, gate.ReservedBytes);
        var huge = gate.ReserveAsync(5000 * Mb, context, CancellationToken.None);
        a.Dispose();
        await Task.Delay(50);
        Assert.False(huge.IsCompleted);
        b.Dispose();
        using var alone = await huge.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1000 * Mb, gate.ReservedBytes);
    }

    [Fact]
    public async Task CancelWhileWaiting_Throws_AndAdmitsTheNextInLine()
    {
        var gate = Gate(1000);
        var context = new LogOnly();
        var first = await gate.ReserveAsync(600 * Mb, context, CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = gate.ReserveAsync(900 * Mb, context, cancel.Token);
        var small = gate.ReserveAsync(300 * Mb, context, CancellationToken.None);
        await Task.Delay(50);
        Assert.False(small.IsCompleted); // in line behind the 900 MB job
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        using var admitted = await small.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(900 * Mb, gate.ReservedBytes);
        first.Dispose();
        Assert.Equal(300 * Mb, gate.ReservedBytes);
    }

    [Fact]
    public void MemoryWatch_TripsOnGrowthPastTheLimit_WithTheFigures()
    {
        var workingSet = 1000 * Mb;
        var watch = new JobMemoryWatch(200 * Mb, () => workingSet);
        workingSet += 150 * Mb;
        Assert.False(watch.Exceeded());
        workingSet += 100 * Mb;
        Assert.True(watch.Exceeded());
        Assert.Contains("grew by 250 MB since the job started; the limit is 200 MB", watch.Reason, StringComparison.Ordinal);
        workingSet -= 200 * Mb;
        Assert.True(watch.Exceeded()); // once stopped, stays stopped
        Assert.False(new JobMemoryWatch(null, () => workingSet += 1000 * Mb).Exceeded());
    }

    [Fact]
    public void Budget_RefusesOverTheLimit_PerKindFirst()
    {
        var budget = new JobMemoryBudget(Options.Create(new JobsOptions
        {
            MaxJobMemoryMB = 1000, MaxJobMemoryMBByKind = new() { ["nurse-scheduling"] = 100 },
        }));
        Assert.Null(budget.Refusal("transshipment", 900 * Mb));
        Assert.Null(budget.Refusal("transshipment", null));
        var refusal = budget.Refusal("transshipment", 1500 * Mb)!;
        Assert.Equal("$", refusal.Path);
        Assert.Contains("about 1500 MB of memory, and the limit per transshipment job is 1000 MB (Jobs:MaxJobMemoryMB)", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("Jobs:MaxJobMemoryMBByKind:nurse-scheduling", budget.Refusal("nurse-scheduling", 101 * Mb)!.Reason, StringComparison.Ordinal);
    }

    private sealed class LogOnly : ISolveContext
    {
        public List<string> Lines { get; } = [];
        public Guid JobId => Guid.Empty;
        public CancellationToken Cancellation => CancellationToken.None;
        public WarmStart? WarmStart => null;
        public void Log(JobLogLevel level, string message) { lock (Lines) Lines.Add(message); }
        public void AddArtifact(string name, string contentType, byte[] content) { }
        public void ReportIncumbent(object partialResult, double? objective) { }
    }
}
