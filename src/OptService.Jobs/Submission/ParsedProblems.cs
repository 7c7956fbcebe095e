using Microsoft.Extensions.Options;

namespace OptService.Jobs.Submission;

/// <summary>
/// Problems this process parsed at submission, kept for its own worker until it claims the job: a process
/// that both accepts and solves (the embedded default) then does not deserialize a large problem a second
/// time (0.1 s per 100,000 arcs on a quiet machine). Bounded by the problems' JSON size, oldest dropped
/// first; a job whose problem is not here (another process took it, it was dropped, a restart) reads it
/// from the store as before. Only in processes that run a worker.
/// </summary>
public sealed class ParsedProblems(IOptions<JobsOptions> options)
{
    /// <summary>Most JSON bytes whose parsed problems are kept at once.</summary>
    public const long MaxBytes = 256L << 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, (object Problem, long Bytes)> _byJob = [];
    private readonly Queue<Guid> _order = new();
    private long _bytes;

    /// <summary>Keeps a parsed problem for the job until <see cref="Take"/> (or until newer ones push it out).</summary>
    public void Keep(Guid jobId, object problem, long jsonBytes)
    {
        if (!options.Value.RunsWorker || jsonBytes > MaxBytes) return;
        lock (_gate)
        {
            _byJob[jobId] = (problem, jsonBytes);
            _order.Enqueue(jobId);
            _bytes += jsonBytes;
            while (_bytes > MaxBytes && _order.TryDequeue(out var oldest))
                if (_byJob.Remove(oldest, out var dropped)) _bytes -= dropped.Bytes;
        }
    }

    /// <summary>The jobs whose parsed problems this process holds now.</summary>
    public IReadOnlyCollection<Guid> Held()
    {
        lock (_gate) return _byJob.Count == 0 ? [] : [.. _byJob.Keys];
    }

    /// <summary>The job's parsed problem, removed from here; null when this process does not hold it.</summary>
    public object? Take(Guid jobId)
    {
        lock (_gate)
        {
            if (!_byJob.Remove(jobId, out var kept)) return null;
            _bytes -= kept.Bytes;
            return kept.Problem;
        }
    }
}
