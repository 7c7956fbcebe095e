using System.Data.Common;
using OptService.Jobs.Store;

namespace OptService.Jobs.Submission;

/// <summary>
/// A large body written to the store on a thread of its own while the submission parses it (<see cref="JobSubmitter.StageAsync"/>):
/// parse and insert (each about 0.3 s at 30 MB on a quiet machine) may overlap on a second core instead of following each
/// other (README, issue 10: on the loaded 2-core machine no end-to-end gain could be shown). The job id is
/// reserved for it. <see cref="JobSubmitter.SubmitAsync"/> adopts it when the parse stored exactly these bytes and the job
/// is created; otherwise (the body was invalid, the admission refused it, the stored JSON differs, the request failed)
/// disposing it deletes the row, and a crash's leftover goes with the retention sweep
/// (<see cref="JobStore.DeleteOrphanedProblemsAsync"/>).
/// </summary>
public sealed class StagedProblem : IAsyncDisposable
{
    private readonly JobStore _store;
    private readonly byte[] _utf8Problem;
    private readonly Task<bool> _written;
    private bool _adopted;

    internal StagedProblem(JobStore store, byte[] utf8Problem)
    {
        _store = store;
        _utf8Problem = utf8Problem;
        JobId = Guid.CreateVersion7();
        // On the thread pool: Microsoft.Data.Sqlite's async calls run synchronously, and this must not hold up the parse.
        _written = Task.Run(WriteAsync);
    }

    /// <summary>The id the job gets if it is created from this row.</summary>
    public Guid JobId { get; }

    /// <summary>How long the write took, once it succeeded (for the submission's Server-Timing); else null.</summary>
    public TimeSpan? WriteTime { get; private set; }

    /// <summary>Whether the row holds exactly <paramref name="utf8Problem"/>, once written (waits for the write).</summary>
    internal async Task<bool> HoldsAsync(byte[] utf8Problem) =>
        await _written && utf8Problem.AsSpan().SequenceEqual(_utf8Problem);

    /// <summary>The job was created with this row as its problem: it is no longer deleted on dispose.</summary>
    internal void Adopt() => _adopted = true;

    /// <summary>Waits for the write, and deletes the row unless a job was created with it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!await _written || _adopted) return;
        try
        {
            await _store.DeleteStagedProblemAsync(JobId, CancellationToken.None);
        }
        catch (DbException)
        {
            // The database is away: the retention sweep deletes the row later (DeleteOrphanedProblemsAsync).
        }
    }

    /// <summary>Writes the row; false when the database refused (the admission then writes the problem itself, under a new id).</summary>
    private async Task<bool> WriteAsync()
    {
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await _store.StageProblemAsync(JobId, _utf8Problem, CancellationToken.None);
            WriteTime = clock.Elapsed;
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }
}
