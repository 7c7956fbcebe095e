using OptService.Api.Tests.Infrastructure;

namespace OptService.Api.Tests.Fuzz;

/// <summary>Reads a process's resident memory every 50 ms and keeps the largest value seen.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    public MemorySampler(int processId) => _loop = SampleAsync(processId, _stop.Token);

    public long PeakResidentBytes => Interlocked.Read(ref _peak);

    private async Task SampleAsync(int processId, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        do
        {
            try
            {
                var rss = ProcessMemory.Read(processId).ResidentBytes;
                if (rss > Interlocked.Read(ref _peak)) Interlocked.Exchange(ref _peak, rss);
            }
            catch (IOException)
            {
                return; // the process is gone; the test reports that on its own
            }
        }
        while (await WaitAsync(timer, ct));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
