using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Microsoft.AspNetCore.Builder;
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
        services.AddHangfire(configuration =>
        {
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (options.UsesPostgres)
            {
                configuration.UsePostgreSqlStorage(
                    postgres => postgres.UseNpgsqlConnection(options.PostgresConnectionString),
                    new PostgreSqlStorageOptions
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
                    })
                    // Our store keeps results; Hangfire's bookkeeping of finished entries can go soon.
                    .WithJobExpirationTimeout(TimeSpan.FromHours(1));
            }
            else
            {
                configuration.UseInMemoryStorage(new InMemoryStorageOptions { MaxExpirationTime = TimeSpan.FromMinutes(10) });
            }
        });
        if (options.RunsWorker)
        {
            services.AddHangfireServer(server =>
            {
                server.ServerName = JobExecutor.Owner;
                server.WorkerCount = Math.Max(1, options.WorkerCount);
                server.ShutdownTimeout = TimeSpan.FromSeconds(10);
                server.ServerCheckInterval = TimeSpan.FromSeconds(30);
                // Entries retried after a failure around the solve (JobQueue.Execute) wait in the schedule.
                server.SchedulePollingInterval = options.RecoveryInterval;
            });
        }
    }
}

/// <summary>Serves the Hangfire dashboard.</summary>
public static class JobDashboard
{
    /// <summary>Maps <c>/hangfire</c>; reachable from the local machine only unless <paramref name="allowRemote"/>.</summary>
    public static WebApplication MapJobDashboard(this WebApplication app, bool allowRemote)
    {
        IDashboardAuthorizationFilter[] filters = allowRemote ? [new AllowAllDashboardFilter()] : [new LocalRequestsOnlyAuthorizationFilter()];
        app.UseHangfireDashboard("/hangfire", new DashboardOptions { Authorization = filters, DashboardTitle = "OptService jobs" });
        return app;
    }

    private sealed class AllowAllDashboardFilter : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => true;
    }
}
