using System.Globalization;
using Microsoft.Extensions.Options;
using OptService.Kinds;

namespace OptService.Jobs.Memory;

/// <summary>
/// Admits the concurrent solves of one worker process by their memory estimates: together they reserve
/// at most <see cref="JobsOptions.WorkerMemoryMB"/>. A job that does not fit waits, in arrival order, until
/// running jobs release enough; a job larger than the whole budget (its own limit may be larger) waits
/// until it runs alone. A job with no estimate reserves nothing.
/// </summary>
public sealed class WorkerMemoryGate
{
    private readonly Lock _gate = new();
    private readonly LinkedList<Waiter> _waiting = new();
    private long _reserved;

    public WorkerMemoryGate(IOptions<JobsOptions> options)
    {
        var configured = options.Value.WorkerMemoryMB;
        BudgetBytes = configured > 0 ? configured << 20 : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;
    }

    public long BudgetBytes { get; }

    /// <summary>Bytes reserved by running solves now.</summary>
    public long ReservedBytes
    {
        get { lock (_gate) return _reserved; }
    }

    /// <summary>Waits until <paramref name="estimateBytes"/> fits; dispose the result when the solve ends.</summary>
    public async Task<IDisposable> ReserveAsync(long? estimateBytes, ISolveContext context, CancellationToken ct)
    {
        var bytes = Math.Min(Math.Max(estimateBytes ?? 0, 0), BudgetBytes);
        if (bytes == 0) return new Reservation(this, 0);
        Waiter waiter;
        lock (_gate)
        {
            if (_waiting.Count == 0 && _reserved + bytes <= BudgetBytes)
            {
                _reserved += bytes;
                return new Reservation(this, bytes);
            }
            waiter = new Waiter(bytes);
            waiter.Node = _waiting.AddLast(waiter);
        }
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"waiting for memory: this job needs about {JobMemoryBudget.Mb(bytes)} MB, {JobMemoryBudget.Mb(ReservedBytes)} MB of this worker's {JobMemoryBudget.Mb(BudgetBytes)} MB are taken by running jobs"));
        await using (ct.Register(() => Abandon(waiter)))
            await waiter.Admitted.Task.ConfigureAwait(false);
        context.Info("memory admitted; starting");
        return new Reservation(this, bytes);
    }

    private void Abandon(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Admitted.Task.IsCompleted) return;
            _waiting.Remove(waiter.Node!);
            waiter.Admitted.TrySetCanceled();
            AdmitWaiting();
        }
    }

    private void Release(long bytes)
    {
        lock (_gate)
        {
            _reserved -= bytes;
            AdmitWaiting();
        }
    }

    /// <summary>Admits waiters in order while the first one fits (under the lock).</summary>
    private void AdmitWaiting()
    {
        while (_waiting.First is { } first && _reserved + first.Value.Bytes <= BudgetBytes)
        {
            _waiting.RemoveFirst();
            _reserved += first.Value.Bytes;
            first.Value.Admitted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes => bytes;
        public LinkedListNode<Waiter>? Node { get; set; }
        public TaskCompletionSource Admitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Reservation(WorkerMemoryGate owner, long bytes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (bytes > 0 && Interlocked.Exchange(ref _released, 1) == 0) owner.Release(bytes);
        }
    }
}
