using System.Diagnostics;
using Npgsql;

namespace OptService.Jobs.Tests.Infrastructure;

/// <summary>
/// The throwaway PostgreSQL server that <c>tests/run.sh</c> starts for the tests, found through two
/// environment variables. Without them the tests that need it fail and say how to run them: xunit 2
/// cannot skip at run time, and a test that passes without running would prove nothing.
/// </summary>
public static class PostgresServer
{
    /// <summary>Npgsql connection string of the server's superuser.</summary>
    public const string ConnectionVariable = "OPTSERVICE_TEST_POSTGRES";

    /// <summary>A script that takes <c>stop</c> or <c>start</c> for exactly that server.</summary>
    public const string ControlVariable = "OPTSERVICE_TEST_POSTGRES_CTL";

    private const string HowToRun =
        "Run the tests with tests/run.sh (it starts a throwaway PostgreSQL on 127.0.0.1 and sets the variable), " +
        "e.g. tests/run.sh --filter \"FullyQualifiedName~ScaleOut\" for a subset.";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{ConnectionVariable} is not set: this test needs a PostgreSQL server. {HowToRun}");

    private static string ControlScript =>
        Environment.GetEnvironmentVariable(ControlVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{ControlVariable} is not set: this test stops and starts the PostgreSQL server. {HowToRun}");

    /// <summary>
    /// Holds the server up for a test in another process than the one that may stop it (test projects
    /// run in parallel): outages wait until every hold is released, and holds wait for the server to be back.
    /// </summary>
    public static async Task<IDisposable> HoldAsync() =>
        Environment.GetEnvironmentVariable(ControlVariable) is { Length: > 0 } ? await LockAsync(exclusive: false) : new NoHold();

    /// <summary>Stops the server (fast shutdown: sessions are cut, as in a real restart); dispose the result to start it again.</summary>
    public static async Task<IAsyncDisposable> StopAsync()
    {
        var exclusive = await LockAsync(exclusive: true);
        await ControlAsync("stop");
        return new Outage(exclusive);
    }

    /// <summary>Runs the control script; throws with its output if it fails.</summary>
    private static async Task ControlAsync(string verb)
    {
        var info = new ProcessStartInfo(ControlScript, verb) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {ControlScript}");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{ControlScript} {verb} exited with {process.ExitCode}: {await output}{await errors}");
    }

    /// <summary>
    /// An advisory file lock beside the control script (flock through <see cref="FileStream"/>: shared
    /// for read-only opens, exclusive for <see cref="FileShare.None"/>); released when the process dies.
    /// </summary>
    private static async Task<IDisposable> LockAsync(bool exclusive)
    {
        var path = Path.Combine(Path.GetDirectoryName(ControlScript)!, "outage.lock");
        while (true)
        {
            try
            {
                return exclusive
                    ? new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
                    : new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
            }
            catch (IOException)
            {
                await Task.Delay(50);
            }
        }
    }

    private sealed class NoHold : IDisposable
    {
        public void Dispose()
        {
            // no control script: nobody can stop the server
        }
    }

    private sealed class Outage(IDisposable exclusive) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await ControlAsync("start");
            }
            finally
            {
                exclusive.Dispose();
            }
        }
    }
}

/// <summary>
/// A fresh database on the test server, dropped at the end, so that tests see only their own jobs and
/// queue entries. Use it as a class fixture (one database per test class) or create it per test.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private readonly string _name = "optservice_test_" + Guid.NewGuid().ToString("N")[..16];

    /// <summary>Connection string of the new database.</summary>
    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await ExecuteAsync($"CREATE DATABASE {_name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Database = _name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0) return;
        // FORCE: pooled connections of the processes under test may still be open.
        await ExecuteAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(
            new NpgsqlConnectionStringBuilder(PostgresServer.AdminConnectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// Every test that needs the PostgreSQL server: one of them stops and starts it, so none of them runs
/// in parallel with another, and the collection runs alone (its real processes time things).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresTests
{
    public const string Name = "PostgreSQL";
}
