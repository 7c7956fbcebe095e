using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using OptService.Jobs.Execution;
using OptService.Jobs.Queue;
using OptService.Jobs.Recovery;
using OptService.Jobs.Retention;
using OptService.Jobs.Store;
using OptService.Jobs.Submission;
using OptService.Jobs.Webhooks;

namespace OptService.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>Registers the job store, queue, executor and recovery for the configured storage and role.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        if (!options.UsesPostgres && options.Role != ServiceRole.Both)
            throw new InvalidOperationException(
                $"Jobs:Role={options.Role} needs Jobs:PostgresConnectionString: the embedded store serves one process, which must both accept and solve jobs.");
        services.AddOptions<JobsOptions>().Bind(configuration.GetSection(JobsOptions.Section));

        var dialect = options.UsesPostgres
            ? SqlDialect.Postgres(options.PostgresConnectionString!)
            : SqlDialect.Sqlite(Path.Combine(options.DataDirectory, "optservice.db"));
        var store = new JobStore(dialect);
        services.AddSingleton(store);
        // Schema first, before Hangfire's server or the API touch the store.
        var lockPath = options.UsesPostgres ? null : Path.Combine(options.DataDirectory, "optservice.lock");
        services.AddHostedService(_ => new JobStoreInitializer(store, lockPath));

        services.AddSingleton<ProblemKindCatalog>();
        services.AddSingleton<JobEvents>();
        services.AddSingleton<RunningJobs>();
        services.AddSingleton<JobWaiter>();
        services.AddSingleton<Progress.JobProgressFeed>();
        services.AddSingleton<JobExecutor>();
        services.AddSingleton<JobQueue>();
        services.AddSingleton<JobSubmitter>();
        if (options.UsesPostgres)
        {
            services.AddSingleton(_ => new UnfetchedEntries(options.PostgresConnectionString!));
            services.AddSingleton<QueueWakeUps>();
            services.AddHostedService(provider => provider.GetRequiredService<QueueWakeUps>());
        }
        services.AddSingleton<Files.JobFiles>();
        services.AddSingleton<ParsedProblems>();
        services.AddSingleton<Memory.JobMemoryBudget>();
        services.AddSingleton<Memory.WorkerMemoryGate>();
        HangfireSetup.AddQueue(services, options);
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        if (options.RunsWorker)
        {
            // No redirects: a receiver on an allowed host must not be able to send deliveries on to one that is not.
            services.AddHttpClient(WebhookDispatcher.HttpClientName)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
            services.AddHostedService<WebhookDispatcher>();
            services.AddHostedService<JobRecovery>();
            services.AddHostedService<JobRetention>();
        }
        if (options.ServesApi && options.UsesPostgres)
        {
            services.AddSingleton<JobEndListener>();
            services.AddHostedService(provider => provider.GetRequiredService<JobEndListener>());
        }
        if (options.ServesApi) services.AddHostedService<FinishedJobsWatcher>();
        services.AddHealthChecks().AddCheck<JobStoreHealthCheck>("job-store", tags: ["ready"]);
        return services;
    }
}

/// <summary>
/// Creates the store's tables (idempotent) when the host starts. In embedded mode it first takes an
/// exclusive lock on the data folder: a second process on the same folder would requeue the first one's
/// running jobs at its start-up, so it must refuse to start instead. The OS drops the lock when the
/// process dies, so a restart after SIGKILL is not blocked.
/// </summary>
internal sealed class JobStoreInitializer(JobStore store, string? lockPath) : IHostedService, IDisposable
{
    private FileStream? _lock;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (lockPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockPath))!);
            try
            {
                _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException exception)
            {
                throw new InvalidOperationException(
                    $"Another OptService process uses the data folder '{Path.GetDirectoryName(Path.GetFullPath(lockPath))}'. " +
                    "The embedded store serves one process; use another Jobs:DataDirectory, or PostgreSQL for several processes.", exception);
            }
        }
        return store.EnsureSchemaAsync(cancellationToken);
    }

    // Stopped after the workers (hosted services stop in reverse order): a WAL checkpoint under way ends first.
    public Task StopAsync(CancellationToken cancellationToken) => store.StopCheckpointsAsync();

    public void Dispose() => _lock?.Dispose();
}

/// <summary>Ready means the job store answers.</summary>
internal sealed class JobStoreHealthCheck(JobStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{store.Backend} store answers");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{store.Backend} store does not answer: {exception.Message}");
        }
    }
}
