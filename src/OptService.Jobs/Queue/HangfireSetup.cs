using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql.Factories;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OptService.Jobs.Execution;

namespace OptService.Jobs.Queue;

/// <summary>
/// Chooses Hangfire's storage. Embedded default: Hangfire.InMemory (sub-millisecond pickup, thousands
/// of jobs/s) because durability comes from our own store, which re-enqueues every unfinished job at
/// start-up. Shared mode: Hangfire.PostgreSql with LISTEN/NOTIFY long polling (pickup in milliseconds
/// across processes) and a sliding invisibility timeout (a long solve is never handed to a second worker
/// while its worker lives).
/// </summary>
internal static class HangfireSetup
{
    public static void AddQueue(IServiceCollection services, JobsOptions options)
    {
        // Hangfire's defaults are process-wide (JobStorage.Current, JobActivator.Current): two hosts in one
        // process (the functional tests run several at once) would enqueue into, and activate jobs from,
        // whichever host configured Hangfire last. Registering this host's own storage and activator first
        // makes AddHangfire keep them (it only adds what is missing).
        services.AddSingleton<JobStorage>(_ => CreateStorage(options));
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(configuration =>
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            RemoveUnusedFilters();
        });
        if (options.RunsWorker)
        {
            services.AddHangfireServer(server =>
            {
                server.ServerName = JobExecutor.Owner;
                server.WorkerCount = Math.Max(1, options.WorkerCount);
                // high, normal, low, default: an idle slot takes a high entry first. Entries only wake slots;
                // the store orders the jobs themselves (JobExecutor.RunAsync).
                server.Queues = JobQueue.QueueNames;
                server.ShutdownTimeout = TimeSpan.FromSeconds(10);
                server.ServerCheckInterval = TimeSpan.FromSeconds(30);
                // Entries retried after a failure around the solve (JobQueue.Execute) wait in the schedule.
                server.SchedulePollingInterval = options.RecoveryInterval;
            });
        }
    }

    /// <summary>
    /// Hangfire's default filters that cost database round trips per queue entry and do nothing for us. On
    /// PostgreSQL they were a parameter written per entry and three read back, and two counter rows per
    /// entry: the culture (our entries carry a job id; the solve never reads the culture), continuations
    /// (we chain no Hangfire jobs) and the dashboard's per-day and per-hour history charts (the totals stay;
    /// the store's job list is the history). The filters are process-wide, and Hangfire serves only us here.
    /// </summary>
    private static void RemoveUnusedFilters()
    {
        GlobalJobFilters.Filters.Remove<CaptureCultureAttribute>();
        GlobalJobFilters.Filters.Remove<ContinuationsSupportAttribute>();
        GlobalJobFilters.Filters.Remove<StatisticsHistoryAttribute>();
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Either storage, chosen by configuration.")]
    private static JobStorage CreateStorage(JobsOptions options)
    {
        if (!options.UsesPostgres)
            return new InMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromMinutes(10) });
        var postgres = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = true,
            QueuePollInterval = options.QueuePollInterval,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = options.Lease,
            // Hangfire.PostgreSql's locks are rows. A release that fails because the database
            // is restarting leaves the row behind, and the job's next state change waits until
            // the row is older than this (default 10 minutes): a restart froze a job that long.
            // A lock held longer than a lease belongs to a process that is gone or forgot it.
            DistributedLockTimeout = options.Lease,
        };
        // Our store keeps results; Hangfire's bookkeeping of finished entries can go soon.
        // Hangfire's bookkeeping commits without waiting for the WAL flush: our store is the source of truth.
        // An entry is written after the job's synchronous admission, and the job notes it (queue_ref) after that,
        // also without a flush; the WAL is written in order, so a crash loses the note with the entry or neither,
        // and a queued job without a note gets a new entry from the sweep. A lost later state change only
        // re-delivers an entry, which the executor ignores for a finished job. Saves one disk flush per transaction.
        var hangfireConnection = new Npgsql.NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
        hangfireConnection.Options = Store.SqlDialect.WithoutWaitingForFlush(hangfireConnection.Options);
        // Its few statements run thousands of times: prepared once per connection (kept across its reset on close).
        Store.SqlDialect.WithAutoPrepare(hangfireConnection, options.PostgresConnectionString!);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(hangfireConnection.ConnectionString, postgres), postgres)
        {
            JobExpirationTimeout = TimeSpan.FromHours(1),
        };
        // One queue listener per process instead of one per waiting worker slot (see ProcessWideJobQueue).
        storage.QueueProviders.Add(new ProcessWideJobQueue(storage, postgres, hangfireConnection.ConnectionString), JobQueue.QueueNames);
        return storage;
    }
}

/// <summary>Serves the Hangfire dashboard.</summary>
public static class JobDashboard
{
    /// <summary>
    /// Maps <c>/hangfire</c>; reachable from the local machine only unless <paramref name="allowRemote"/>.
    /// The host adds its own authorization (API keys) to the returned endpoint.
    /// </summary>
    public static IEndpointConventionBuilder MapJobDashboard(this IEndpointRouteBuilder endpoints, bool allowRemote)
    {
        IDashboardAuthorizationFilter[] filters = allowRemote ? [new AllowAllDashboardFilter()] : [new LocalRequestsOnlyAuthorizationFilter()];
        return endpoints.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = filters, DashboardTitle = "OptService jobs" });
    }

    private sealed class AllowAllDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
