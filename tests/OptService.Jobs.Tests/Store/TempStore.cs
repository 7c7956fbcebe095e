using OptService.Jobs.Store;

namespace OptService.Jobs.Tests.Store;

/// <summary>A job store on a fresh SQLite file, deleted afterwards.</summary>
internal sealed class TempSqliteStore : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "optservice-store-tests", Guid.NewGuid().ToString("N"));

    public JobStore Store { get; }

    private TempSqliteStore() => Store = new JobStore(SqlDialect.Sqlite(Path.Combine(_folder, "jobs.db")));

    public static async Task<TempSqliteStore> CreateAsync()
    {
        var temp = new TempSqliteStore();
        await temp.Store.EnsureSchemaAsync();
        return temp;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }
}
