using Npgsql;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Store;

/// <summary>
/// The shared mode's connections prepare their repeated statements (Npgsql's <c>Max Auto Prepare</c>), so PostgreSQL
/// plans the claim and the other store statements once per connection, not at every call. Until 30 Nov 2026 the check
/// "does the connection string set it already?" asked <see cref="NpgsqlConnectionStringBuilder.ContainsKey"/>, which is
/// true for every keyword Npgsql knows: nothing was ever prepared.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class AutoPrepareTests
{
    [Fact]
    public void ConnectionStringWithoutTheSetting_GetsAutoPrepare()
    {
        var builder = SqlDialect.WithAutoPrepare(new NpgsqlConnectionStringBuilder("Host=h;Database=d"), "Host=h;Database=d");
        Assert.Equal(SqlDialect.AutoPreparedStatements, builder.MaxAutoPrepare);
    }

    [Theory]
    [InlineData("Host=h;Database=d;Max Auto Prepare=0", 0)]
    [InlineData("Host=h;Database=d;maxautoprepare=5", 5)]
    public void ConnectionStringThatSetsIt_Wins(string connectionString, int expected)
    {
        var builder = SqlDialect.WithAutoPrepare(new NpgsqlConnectionStringBuilder(connectionString), connectionString);
        Assert.Equal(expected, builder.MaxAutoPrepare);
    }

    [Fact]
    public async Task StoreStatementRunRepeatedly_IsPreparedOnItsConnection()
    {
        using var hold = await PostgresServer.HoldAsync();
        await using var database = new PostgresDatabase();
        await database.InitializeAsync();
        var dialect = SqlDialect.Postgres(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var store = new JobStore(dialect);
        await store.EnsureSchemaAsync();
        var id = Guid.CreateVersion7();
        await store.CreateAsync(id, "transshipment", "{}"u8.ToArray(), DateTimeOffset.UtcNow);
        // One pooled connection: every read below runs on it, as a busy process's reads run on its few connections.
        for (var i = 0; i < 10; i++) Assert.NotNull(await store.GetAsync(id));

        await using var connection = await dialect.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT statement FROM pg_prepared_statements";
        var prepared = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) prepared.Add(reader.GetString(0));
        Assert.Contains(prepared, s => s.Contains("FROM opt_jobs WHERE id = $1", StringComparison.Ordinal));
        await ((IAsyncDisposable)dialect.DataSource).DisposeAsync();
        await ((IAsyncDisposable)dialect.FlushLaterSource).DisposeAsync();
    }
}
