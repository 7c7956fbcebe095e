using System.Globalization;

namespace OptService.Jobs.Memory;

/// <summary>
/// Watches one running job's memory: the growth of the process's working set since the job started
/// (managed heap and the solvers' native memory alike). Checked at every heartbeat; past the job's limit
/// the executor cancels the solve and fails the job with <see cref="Reason"/>, so that one runaway model
/// cannot take the worker down. With concurrent jobs the growth of a neighbour counts too; the
/// <see cref="WorkerMemoryGate"/> keeps their estimates within the process's budget, so this trips
/// together only when an estimate was badly wrong.
/// </summary>
internal sealed class JobMemoryWatch(long? limitBytes, Func<long> workingSet)
{
    private readonly long _baseline = workingSet();

    /// <summary>Why the job was stopped; null while it is within its limit.</summary>
    public string? Reason { get; private set; }

    public static JobMemoryWatch Start(long? limitBytes) => new(limitBytes, () => Environment.WorkingSet);

    /// <summary>True once the growth has passed the limit (and from then on).</summary>
    public bool Exceeded()
    {
        if (Reason is not null) return true;
        if (limitBytes is not { } limit) return false;
        var grown = workingSet() - _baseline;
        if (grown <= limit) return false;
        Reason = string.Create(CultureInfo.InvariantCulture,
            $"stopped: the solve grew past its memory limit (the worker's memory grew by {JobMemoryBudget.Mb(grown)} MB since the job started; the limit is {JobMemoryBudget.Mb(limit)} MB, Jobs:MaxJobMemoryMB)");
        return true;
    }
}
