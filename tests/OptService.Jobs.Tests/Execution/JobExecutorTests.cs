using OptService.Jobs.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OptService.Jobs.Execution;
using OptService.Kinds;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Store;

namespace OptService.Jobs.Tests.Execution;

/// <summary>The executor's branches other than a plain solve: each ends a job in exactly one honest state.</summary>
public sealed class JobExecutorTests
{
    private static readonly JobsOptions Options = new() { MaxAttempts = 3, Lease = TimeSpan.FromSeconds(30), HeartbeatInterval = TimeSpan.FromMilliseconds(50) };

    private sealed record ScriptedProblem(string Outcome, bool WaitForCancel);

    private sealed record ScriptedResult(string Outcome);

    /// <summary>Returns the outcome it is told, after waiting for cancellation if told to.</summary>
    private sealed class ScriptedKind : ProblemKind<ScriptedProblem, ScriptedResult>
    {
        public override string Name => "scripted";
        public override string Summary => "returns what it is told";
        protected override ScriptedProblem CreateExample() => new("optimal", false);
        protected override IEnumerable<FieldError> Validate(ScriptedProblem problem) => [];

        protected override async Task<SolveReport<ScriptedResult>> Solve(ScriptedProblem problem, ISolveContext context)
        {
            if (problem.WaitForCancel)
            {
                try { await Task.Delay(Timeout.Infinite, context.Cancellation); }
                catch (OperationCanceledException) { /* the scripted solve ends as told */ }
            }
            var outcome = Enum.Parse<SolveOutcome>(problem.Outcome, ignoreCase: true);
            return new SolveReport<ScriptedResult>(outcome, 1, new ScriptedResult(problem.Outcome));
        }
    }

    private static JobExecutor Executor(JobStore store) =>
        new(store, new ProblemKindCatalog([new ScriptedKind()]), new RunningJobs(), new JobEvents(),
            new WorkerMemoryGate(Microsoft.Extensions.Options.Options.Create(Options)), new JobMemoryBudget(Microsoft.Extensions.Options.Options.Create(Options)),
            new OptService.Jobs.Submission.ParsedProblems(Microsoft.Extensions.Options.Options.Create(Options)),
            Microsoft.Extensions.Options.Options.Create(Options), NullLogger<JobExecutor>.Instance);

    private static async Task<Guid> CreateAsync(JobStore store, string kind, string problem)
    {
        var id = Guid.CreateVersion7();
        await store.CreateAsync(id, kind, System.Text.Encoding.UTF8.GetBytes(problem), DateTimeOffset.UtcNow);
        return id;
    }

    [Fact]
    public async Task MaxAttemptsReached_FailsTheJob_WithAttemptsEqualToTheStartsItsErrorCounts()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var id = await CreateAsync(temp.Store, "scripted", """{"outcome":"optimal","waitForCancel":false}""");
        var past = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        for (var start = 0; start < Options.MaxAttempts; start++)
        {
            var at = past + TimeSpan.FromMinutes(start); // each process died: its lease expired long ago
            Assert.NotNull(await temp.Store.TryStartAsync(id, $"dead{start}", at, at + TimeSpan.FromSeconds(30)));
        }

        await Executor(temp.Store).RunAsync(id, CancellationToken.None);

        var job = (await temp.Store.GetAsync(id))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(3, job.Attempts);
        Assert.Contains("started 3 times", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestartWithAnExhaustedJob_FailsIt_WithoutSayingItIsQueuedAgain()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var id = await CreateAsync(temp.Store, "scripted", """{"outcome":"optimal","waitForCancel":false}""");
        var past = DateTimeOffset.UtcNow - TimeSpan.FromHours(1);
        for (var start = 0; start < Options.MaxAttempts; start++)
        {
            var at = past + TimeSpan.FromMinutes(start);
            Assert.NotNull(await temp.Store.TryStartAsync(id, $"dead{start}", at, at + TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(1, await temp.Store.ReleaseAllRunningAsync(DateTimeOffset.UtcNow, Options.MaxAttempts));

        var job = (await temp.Store.GetAsync(id))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(3, job.Attempts);
        var logs = await temp.Store.GetLogsAsync(id, 0, 100);
        Assert.DoesNotContain(logs, line => line.Message.Contains("queued again", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Message.Contains("started 3 times", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownKind_FailsTheJob_WithoutCountingAStart()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var id = await CreateAsync(temp.Store, "retired-kind", "{}");

        await Executor(temp.Store).RunAsync(id, CancellationToken.None);

        var job = (await temp.Store.GetAsync(id))!;
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Equal(0, job.Attempts);
        Assert.Contains("does not know the problem kind 'retired-kind'", job.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("optimal", JobStatus.Succeeded)]
    [InlineData("infeasible", JobStatus.Succeeded)]
    [InlineData("feasible", JobStatus.Cancelled)]
    [InlineData("notSolved", JobStatus.Cancelled)]
    public async Task CancelDuringTheSolve_CancelsOnlyASolveItCutShort(string outcome, JobStatus expected)
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var id = await CreateAsync(temp.Store, "scripted", $$"""{"outcome":"{{outcome}}","waitForCancel":false}""");
        // Cancel requested before the claim: the run starts already cancelled; the scripted solve still
        // returns its verdict, as a solve that finished just as the cancel arrived does.
        var claimAt = DateTimeOffset.UtcNow;
        Assert.NotNull(await temp.Store.TryStartAsync(id, "gone", claimAt - TimeSpan.FromHours(1), claimAt - TimeSpan.FromMinutes(59)));
        await temp.Store.RequestCancelAsync(id, claimAt);

        await Executor(temp.Store).RunAsync(id, CancellationToken.None);

        var job = (await temp.Store.GetAsync(id))!;
        Assert.Equal(expected, job.Status);
        Assert.Equal(Enum.Parse<SolveOutcome>(outcome, ignoreCase: true), job.Outcome);
    }

    [Fact]
    public async Task GracefulShutdownMidSolve_HandsTheJobBackToTheQueue()
    {
        await using var temp = await TempStore.CreateAsync(TempStore.Sqlite);
        var id = await CreateAsync(temp.Store, "scripted", """{"outcome":"feasible","waitForCancel":true}""");
        using var shutdown = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Executor(temp.Store).RunAsync(id, shutdown.Token);

        var job = (await temp.Store.GetAsync(id))!;
        Assert.Equal(JobStatus.Queued, job.Status);
        Assert.Equal(1, job.Attempts);
        Assert.Contains(await temp.Store.GetLogsAsync(id, 0, 100), line => line.Message.Contains("goes back to the queue", StringComparison.Ordinal));
    }
}
