using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.JobsApi;

public sealed class HostsInOneProcessTests
{
    /// <summary>
    /// Hangfire keeps process-wide defaults (JobStorage.Current, JobActivator.Current). Hosts that start
    /// at the same time and take them could enqueue into another host's queue or run their jobs with
    /// another host's services; such a job is looked up in the wrong store and stays queued for ever.
    /// </summary>
    [Fact]
    public async Task HostsStartedTogether_EachRunTheirOwnJobs()
    {
        var factories = Enumerable.Range(0, 6).Select(_ => new ServiceFactory()).ToList();
        try
        {
            var clients = await Task.WhenAll(factories.Select(f => Task.Run(() => new JobClient(f.CreateClient()))));
            var jobs = await Task.WhenAll(clients.Select(c => c.SubmitAsync("test-delay", """{ "durationMs": 1 }""")));
            for (var i = 0; i < clients.Length; i++)
                Assert.Equal("succeeded", (await clients[i].WaitAsync(jobs[i], seconds: 10))["status"]!.GetValue<string>());
        }
        finally
        {
            foreach (var factory in factories) factory.Dispose();
        }
    }
}
