using Microsoft.Extensions.Options;
using OptService.Api.Hosting;

namespace OptService.Api.JobsApi;

/// <summary>
/// Lets at most <see cref="ApiLimits.MaxConcurrentLargeParses"/> submissions with a body over 1 MiB be parsed and
/// validated at once; the others wait their turn (nothing is rejected). Parsing costs a few times the body (UTF-16
/// strings, one object per array entry), so 16 clients with 12 MiB bodies took the process to 900 MiB resident.
/// Small bodies, the usual case, never wait. The wait starts after the body is read, so a slow upload holds no turn.
/// </summary>
internal sealed class LargeBodyGate(IOptions<ApiLimits> limits) : IDisposable
{
    public const int LargeBodyBytes = 1 << 20;

    private readonly SemaphoreSlim _turns = new(Math.Max(1, limits.Value.MaxConcurrentLargeParses));

    /// <summary>Waits for a turn when the body is large; dispose the result to give it back (null for small bodies).</summary>
    public static async ValueTask<IDisposable?> EnterAsync(HttpContext http, int bodyLength, CancellationToken ct)
    {
        if (bodyLength <= LargeBodyBytes) return null;
        var turns = http.RequestServices.GetRequiredService<LargeBodyGate>()._turns;
        await turns.WaitAsync(ct);
        return new Turn(turns);
    }

    public void Dispose() => _turns.Dispose();

    private sealed class Turn(SemaphoreSlim turns) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) turns.Release();
        }
    }
}
