using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using OptService.Jobs.Execution;
using OptService.Jobs.Store;
using OptService.Jobs.Memory;
using OptService.Kinds;

namespace OptService.Jobs.Tests.Execution;

/// <summary>
/// The executor's branch "store unreachable during finish": the solve is done but the database does not take
/// the final write (a restart). The result must not be lost nor the job failed: the executor writes again with
/// back-off until the store is back, and only then reports the job finished.
/// </summary>
public sealed class StoreAwayDuringFinishTests : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "optservice-store-away", Guid.NewGuid().ToString("N"));
    private readonly FlakyDataSource _source;
    private readonly JobStore _store;

    public StoreAwayDuringFinishTests()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "jobs.db");
        var inner = new SqliteDataSource(new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString(), "PRAGMA busy_timeout=30000;");
        _source = new FlakyDataSource(inner);
        _store = new JobStore(new SqlDialect("sqlite", _source, "BLOB", "PRAGMA journal_mode=WAL;", null, SingleWriter: true));
    }

    private sealed record GatedProblem(int Value);

    private sealed record GatedResult(int Value);

    /// <summary>Solves at once, and takes the database away just before it returns (the final write comes next).</summary>
    private sealed class DisconnectingKind(FlakyDataSource source) : ProblemKind<GatedProblem, GatedResult>
    {
        public override string Name => "disconnecting";
        public override string Summary => "takes the store away at the end of its solve";
        protected override GatedProblem CreateExample() => new(1);
        protected override IEnumerable<FieldError> Validate(GatedProblem problem) => [];

        protected override Task<SolveReport<GatedResult>> Solve(GatedProblem problem, ISolveContext context)
        {
            source.Failing = true;
            return Task.FromResult(new SolveReport<GatedResult>(SolveOutcome.Optimal, problem.Value, new GatedResult(problem.Value * 2)));
        }
    }

    [Fact]
    public async Task TheFinalWrite_WaitsForTheStore_AndTheJobSucceedsWithItsResult()
    {
        await _store.EnsureSchemaAsync();
        var id = Guid.CreateVersion7();
        await _store.CreateAsync(id, "disconnecting", """{"value":21}"""u8.ToArray(), DateTimeOffset.UtcNow);
        var events = new JobEvents();
        using var finished = events.Subscribe(id);
        var options = Microsoft.Extensions.Options.Options.Create(new JobsOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(50) });
        var executor = new JobExecutor(_store, new ProblemKindCatalog([new DisconnectingKind(_source)]), new RunningJobs(), events,
            new WorkerMemoryGate(options), new JobMemoryBudget(options), new OptService.Jobs.Submission.ParsedProblems(options),
            options, NullLogger<JobExecutor>.Instance);

        var run = executor.RunAsync(id, CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (_source.Refused < 3)
        {
            Assert.True(DateTime.UtcNow < deadline, "the executor did not try to write while the store was away");
            await Task.Delay(20);
        }
        // Still away: the run has not ended and no waiter was told the job finished.
        Assert.False(run.IsCompleted);
        Assert.False(finished.Finished.IsCompleted);

        _source.Failing = false;
        await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(finished.Finished.IsCompleted);
        var job = (await _store.GetAsync(id))!;
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(SolveOutcome.Optimal, job.Outcome);
        Assert.Equal(1, job.Attempts);
        Assert.Equal("""{"value":42}"""u8.ToArray(), await _store.GetResultAsync(id));
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>A data source whose connections can be refused, as a database that went away refuses them.</summary>
    private sealed class FlakyDataSource(DbDataSource inner) : DbDataSource
    {
        private int _refused;

        public volatile bool Failing;

        public int Refused => Volatile.Read(ref _refused);

        public override string ConnectionString => inner.ConnectionString;

        protected override DbConnection CreateDbConnection() => throw new NotSupportedException("the store opens connections through OpenConnectionAsync");

        protected override DbConnection OpenDbConnection() => Failing ? throw Refuse() : inner.OpenConnection();

        protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default) =>
            Failing ? throw Refuse() : await inner.OpenConnectionAsync(cancellationToken);

        private SqliteException Refuse()
        {
            Interlocked.Increment(ref _refused);
            return new SqliteException("unable to open database file (the test took the store away)", 14);
        }
    }
}
