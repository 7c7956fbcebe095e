using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Store;

/// <summary>A job store on a fresh database of either backend, deleted afterwards.</summary>
internal sealed class TempStore : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    private readonly string? _folder;
    private readonly PostgresDatabase? _database;
    private readonly IDisposable? _serverHold;

    private TempStore(JobStore store, string? folder, PostgresDatabase? database, IDisposable? serverHold)
    {
        Store = store;
        _folder = folder;
        _database = database;
        _serverHold = serverHold;
    }

    public JobStore Store { get; }

    /// <summary>The SQLite database file; null on PostgreSQL.</summary>
    public string? DatabaseFile => _folder is null ? null : Path.Combine(_folder, "jobs.db");

    /// <summary>Both backends, for <c>[MemberData]</c>: every store test runs against each.</summary>
    public static TheoryData<string> Backends => [Sqlite, Postgres];

    public static async Task<TempStore> CreateAsync(string backend)
    {
        TempStore temp;
        if (backend == Postgres)
        {
            var hold = await PostgresServer.HoldAsync();
            var database = new PostgresDatabase();
            await database.InitializeAsync();
            temp = new TempStore(new JobStore(SqlDialect.Postgres(database.ConnectionString)), null, database, hold);
        }
        else
        {
            var folder = Path.Combine(Path.GetTempPath(), "optservice-store-tests", Guid.NewGuid().ToString("N"));
            temp = new TempStore(new JobStore(SqlDialect.Sqlite(Path.Combine(folder, "jobs.db"))), folder, null, null);
        }
        await temp.Store.EnsureSchemaAsync();
        return temp;
    }

    /// <summary>Runs one SQL statement on the store's database, outside the store, with <c>@id</c> and <c>@value</c> bound; returns the first column of the first row.</summary>
    public async Task<object?> ExecuteScalarAsync(string sql, Guid id, object? value = null)
    {
        await using var connection = await OpenDirectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, bound) in new[] { ("id", (object?)id.ToString("D")), ("value", value) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = bound ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        return await command.ExecuteScalarAsync();
    }

    /// <summary>How many rows <paramref name="table"/> holds, asked of the database directly (not through the store).</summary>
    public async Task<long> CountRowsAsync(string table)
    {
        await using var connection = await OpenDirectAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A connection to the store's database of its own, outside the store.</summary>
    private async Task<System.Data.Common.DbConnection> OpenDirectAsync()
    {
        System.Data.Common.DbConnection connection = _database is not null
            ? new Npgsql.NpgsqlConnection(_database.ConnectionString)
            : new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_database is not null) await _database.DisposeAsync();
        _serverHold?.Dispose();
        if (_folder is not null)
        {
            await Store.StopCheckpointsAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
