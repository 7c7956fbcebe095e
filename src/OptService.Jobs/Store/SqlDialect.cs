using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Npgsql;

namespace OptService.Jobs.Store;

/// <summary>
/// What differs between the two databases the job store runs on; the SQL itself is shared
/// (both speak <c>ON CONFLICT</c>, <c>RETURNING</c> and <c>@name</c> parameters).
/// </summary>
internal sealed record SqlDialect(
    string Name,
    DbDataSource DataSource,
    string BlobType,
    string? OneTimeSetup,
    string? SchemaLock,
    bool SingleWriter,
    string? JobEndNotice = null,
    DbDataSource? FlushLaterDataSource = null)
{
    /// <summary>
    /// Connections for writes whose loss in a database crash only re-runs work (claim, lease renewal,
    /// noting a queue entry): their commits do not wait for the WAL flush. PostgreSQL writes its WAL in
    /// order, so such a commit becomes durable with the next synchronous commit of anyone, and a crash loses
    /// only a suffix: if a claim is lost, so is everything the claimed run wrote after it (its final write is
    /// synchronous), and the job is queued again with its queue entry still there. SQLite: the one data source.
    /// </summary>
    public DbDataSource FlushLaterSource => FlushLaterDataSource ?? DataSource;

    /// <summary>
    /// PostgreSQL: data-modifying statements in <c>WITH</c> and arrays as parameters, so a write of several rows
    /// and tables (admission, claim, finish) is one statement and one round trip (<c>JobStore.SingleStatement</c>).
    /// SQLite has neither; there the store runs the same steps as separate statements in one transaction.
    /// </summary>
    public bool WritableCtes => Name == "postgresql";

    /// <summary>
    /// PostgreSQL: rows are locked with <c>FOR SHARE</c> / <c>FOR UPDATE</c> where two writers must not interleave. SQLite
    /// has no row locks and needs none: its one writer at a time (and the store's write gate) serializes transactions.
    /// </summary>
    public bool RowLocks => Name == "postgresql";

    /// <summary>The PostgreSQL notification channel on which every job end is announced (payload: the job id).</summary>
    public const string JobEndChannel = "optservice_job_end";

    /// <summary>
    /// A trigger that announces every job end (a status change into succeeded, failed or cancelled, whichever
    /// statement makes it) with NOTIFY. PostgreSQL delivers it when that statement's transaction commits, so a
    /// listener never hears of an end it cannot read yet, and no job end needs its own round trip.
    /// </summary>
    private const string PostgresJobEndTrigger = $$"""
        CREATE OR REPLACE FUNCTION opt_announce_job_end() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            PERFORM pg_notify('{{JobEndChannel}}', NEW.id);
            RETURN NULL;
        END
        $fn$;
        CREATE OR REPLACE TRIGGER opt_jobs_announce_end AFTER UPDATE OF status ON opt_jobs FOR EACH ROW
            WHEN (NEW.status IN ('succeeded', 'failed', 'cancelled') AND OLD.status NOT IN ('succeeded', 'failed', 'cancelled'))
            EXECUTE FUNCTION opt_announce_job_end();
        """;

    /// <summary>
    /// Embedded default: one SQLite file, WAL journal so readers never block the writer.
    /// synchronous=NORMAL: a commit survives a process crash (SIGKILL) because the WAL is in the OS
    /// page cache; only an OS crash or power loss can lose the last commits. FULL would fsync every
    /// commit and cut throughput several-fold. Checkpoints run in the background (<see cref="WalCheckpointer"/>);
    /// a commit checkpoints itself only past <see cref="WalCheckpointer.SafetyNetPages"/>.
    /// </summary>
    /// <remarks>
    /// A new database file gets pages of <see cref="PageSize"/> bytes (an existing one keeps its own: SQLite changes the
    /// page size of a WAL database only by a VACUUM outside WAL mode).
    /// </remarks>
    public static SqlDialect Sqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        return new SqlDialect("sqlite", new SqliteDataSource(connectionString, $"PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint={WalCheckpointer.SafetyNetPages};"),
            "BLOB", $"PRAGMA page_size={PageSize}; PRAGMA journal_mode=WAL;", null, SingleWriter: true);
    }

    /// <summary>
    /// Shared mode: several processes on several hosts use one PostgreSQL database. The store leaves no
    /// session state behind (no SET, LISTEN or temporary tables; every transaction ends), so a pooled
    /// connection needs no DISCARD ALL when it is returned: No Reset On Close saves that statement on
    /// every store call, and keeps the statements Npgsql prepares (Max Auto Prepare, unless the connection
    /// string sets it: the claim's plan alone takes longer than its execution). Hangfire keeps its own connections.
    /// </summary>
    public static SqlDialect Postgres(string connectionString)
    {
        var builder = WithAutoPrepare(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }, connectionString);
        var flushLater = new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Options = WithoutWaitingForFlush(builder.Options) };
        return new("postgresql", NpgsqlDataSource.Create(builder), "BYTEA", null,
            // Several processes may start at once; creating tables concurrently races in the catalog.
            "SELECT pg_advisory_xact_lock(7362001)", SingleWriter: false, JobEndNotice: PostgresJobEndTrigger,
            FlushLaterDataSource: NpgsqlDataSource.Create(flushLater));
    }

    /// <summary>
    /// SQLite's page size for new stores: 16 KiB instead of the default 4 KiB. A problem of 30 MB is stored as a chain
    /// of overflow pages, each a frame of its own in the WAL; a quarter as many frames halved that insert (about 200 → 95 ms,
    /// measured with Python's sqlite3 beside a loaded machine, 30 Nov 2026), while a small job's rows still fit a page.
    /// </summary>
    internal const int PageSize = 16384;

    /// <summary>How many distinct statements a connection keeps prepared (the store has about fifty).</summary>
    internal const int AutoPreparedStatements = 64;

    /// <summary>
    /// Sets <c>Max Auto Prepare</c> to <see cref="AutoPreparedStatements"/> unless <paramref name="connectionString"/> sets it.
    /// Asked of the connection string's own keys: <see cref="NpgsqlConnectionStringBuilder.ContainsKey"/> answers true for every
    /// keyword Npgsql knows, set or not, so a check through it never prepared anything (every statement was planned at every call).
    /// </summary>
    internal static NpgsqlConnectionStringBuilder WithAutoPrepare(NpgsqlConnectionStringBuilder builder, string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) builder.MaxAutoPrepare = AutoPreparedStatements;
        return builder;
    }

    /// <summary>Adds <c>synchronous_commit=off</c> to a connection string's session options.</summary>
    internal static string WithoutWaitingForFlush(string? options) =>
        string.IsNullOrWhiteSpace(options) ? "-c synchronous_commit=off" : options + " -c synchronous_commit=off";
}

/// <summary>
/// Microsoft.Data.Sqlite has no DbDataSource of its own; this is the few lines it needs, plus the
/// per-connection PRAGMAs. A pooled connection keeps its sqlite3 handle and the PRAGMAs set on it, so
/// they run once per physical connection, not on every open (every store call).
/// </summary>
internal sealed class SqliteDataSource(string connectionString, string perConnectionSetup) : DbDataSource
{
    private readonly ConditionalWeakTable<sqlite3, object> _setUp = new();

    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);

    protected override DbConnection OpenDbConnection()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            if (NeedsSetUp(connection, out var handle))
            {
                using var command = Setup(connection);
                command.ExecuteNonQuery();
                _setUp.AddOrUpdate(handle, this);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    protected override async ValueTask<DbConnection> OpenDbConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (NeedsSetUp(connection, out var handle))
            {
                await using var command = Setup(connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                _setUp.AddOrUpdate(handle, this);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private bool NeedsSetUp(SqliteConnection connection, out sqlite3 handle)
    {
        handle = connection.Handle!;
        return !_setUp.TryGetValue(handle, out _);
    }

    private SqliteCommand Setup(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = perConnectionSetup;
        return command;
    }
}
