using System.Data.Common;
using Microsoft.Data.Sqlite;
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
    string? PerConnectionSetup,
    string? OneTimeSetup,
    string? SchemaLock,
    bool SingleWriter)
{
    /// <summary>
    /// Embedded default: one SQLite file, WAL journal so readers never block the writer.
    /// synchronous=NORMAL: a commit survives a process crash (SIGKILL) because the WAL is in the OS
    /// page cache; only an OS crash or power loss can lose the last commits. FULL would fsync every
    /// commit and cut throughput several-fold.
    /// </summary>
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
        return new SqlDialect("sqlite", new SqliteDataSource(connectionString), "BLOB",
            "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;", "PRAGMA journal_mode=WAL;", null, SingleWriter: true);
    }

    /// <summary>Shared mode: several processes on several hosts use one PostgreSQL database.</summary>
    public static SqlDialect Postgres(string connectionString) =>
        new("postgresql", NpgsqlDataSource.Create(connectionString), "BYTEA", null, null,
            // Several processes may start at once; creating tables concurrently races in the catalog.
            "SELECT pg_advisory_xact_lock(7362001)", SingleWriter: false);
}

/// <summary>Microsoft.Data.Sqlite has no DbDataSource of its own; this is the few lines it needs.</summary>
internal sealed class SqliteDataSource(string connectionString) : DbDataSource
{
    public override string ConnectionString => connectionString;

    protected override DbConnection CreateDbConnection() => new SqliteConnection(connectionString);
}
