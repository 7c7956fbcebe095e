using System.Data.Common;
using System.Globalization;

namespace OptService.Jobs.Store;

/// <summary>
/// A large problem written ahead of its job row: the submission writes the body into <c>opt_job_problems</c> under the
/// job's id while it parses it (<see cref="Submission.StagedProblem"/>), and the admission then inserts only the small
/// job row (<see cref="NewJob.ProblemStaged"/>). A problem row without a job row is either such a write whose
/// submission is still running, or the leftover of one that was refused, failed or died with its process; the
/// submission deletes its own leftovers, the retention sweep those of a crash (<see cref="DeleteOrphanedProblemsAsync"/>).
/// </summary>
public sealed partial class JobStore
{
    /// <summary>
    /// How long a problem row may wait for its job row before the sweep takes it for a crashed submission's leftover: far
    /// longer than any submission parses. Even a later admission is safe (it writes the problem again, see
    /// <see cref="HoldStagedProblemAsync"/>).
    /// </summary>
    public static readonly TimeSpan StagedProblemGrace = TimeSpan.FromHours(1);

    /// <summary>
    /// Writes a problem for the job <paramref name="id"/> that is not admitted yet. The id must be a version 7 GUID
    /// (<see cref="Guid.CreateVersion7()"/>): its time is how the sweep tells a fresh row from a crash's leftover.
    /// </summary>
    public async Task StageProblemAsync(Guid id, byte[] utf8Problem, CancellationToken ct = default)
    {
        if (id.Version != 7) throw new ArgumentException("a staged problem's job id must be a version 7 GUID: its time dates the row", nameof(id));
        // Counted for the WAL's checkpoint by the admission, not here: a checkpoint of these bytes would copy and sync them
        // while the submission is still parsing, on the core the parse needs (see AdmitAsync).
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "INSERT INTO opt_job_problems (job_id, problem) VALUES (@id, @problem)");
        command.Add("id", Key(id)).Add("problem", utf8Problem);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Deletes a staged problem whose job was not admitted; never the problem of a stored job. Returns whether a row went.</summary>
    public async Task<bool> DeleteStagedProblemAsync(Guid id, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null,
            "DELETE FROM opt_job_problems WHERE job_id = @id AND NOT EXISTS (SELECT 1 FROM opt_jobs j WHERE j.id = @id)");
        command.Add("id", Key(id));
        return await command.ExecuteNonQueryAsync(ct) > 0;
    }

    /// <summary>
    /// In the admission's transaction: whether the staged problem of <paramref name="id"/> is there. On PostgreSQL the row
    /// is share-locked until the admission commits, so that the sweep (which locks it for update before it looks for the
    /// job row again) either deletes it before, and the admission sees it gone and writes the problem itself, or after,
    /// when the job row is there and the sweep leaves it alone.
    /// </summary>
    private async Task<bool> HoldStagedProblemAsync(DbConnection connection, DbTransaction tx, Guid id, CancellationToken ct)
    {
        await using var command = Command(connection, tx,
            "SELECT 1 FROM opt_job_problems WHERE job_id = @id" + (_dialect.RowLocks ? " FOR SHARE" : ""));
        command.Add("id", Key(id));
        return await command.ExecuteScalarAsync(ct) is not (null or DBNull);
    }

    /// <summary>
    /// Deletes the problem rows that no job row references and that were staged before <paramref name="stagedBefore"/>
    /// (by their id's time; a row whose id is no version 7 GUID was not staged and goes at once): the leftovers of a
    /// submission whose process died between writing the problem and admitting the job. Returns how many went.
    /// </summary>
    public async Task<int> DeleteOrphanedProblemsAsync(DateTimeOffset stagedBefore, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var orphans = new List<string>();
        await using (var select = Command(connection, tx,
            "SELECT p.job_id FROM opt_job_problems p WHERE NOT EXISTS (SELECT 1 FROM opt_jobs j WHERE j.id = p.job_id)"))
        await using (var reader = await select.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                if (StagedAt(reader.GetString(0)) is not { } staged || staged < stagedBefore) orphans.Add(reader.GetString(0));
        var deleted = 0;
        foreach (var chunk in orphans.Chunk(500))
        {
            if (_dialect.RowLocks)
            {
                // Locked first; the DELETE below (a new statement, a new snapshot) then sees every admission that held the row.
                await using var lockRows = Command(connection, tx, "");
                lockRows.CommandText = $"SELECT job_id FROM opt_job_problems WHERE job_id IN ({lockRows.AddInList(chunk)}) FOR UPDATE";
                await lockRows.ExecuteNonQueryAsync(ct);
            }
            await using var delete = Command(connection, tx, "");
            delete.CommandText = $"DELETE FROM opt_job_problems WHERE job_id IN ({delete.AddInList(chunk)}) " +
                                 "AND NOT EXISTS (SELECT 1 FROM opt_jobs j WHERE j.id = opt_job_problems.job_id)";
            deleted += await delete.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return deleted;
    }

    /// <summary>Whether a job with this Idempotency-Key exists (a submission that will be answered by it stages nothing).</summary>
    public async Task<bool> IsKeyUsedAsync(string client, string key, CancellationToken ct = default)
    {
        await using var connection = await OpenAsync(ct);
        await using var command = Command(connection, null, "SELECT 1 FROM opt_jobs WHERE client = @client AND idempotency_key = @key");
        command.Add("client", client).Add("key", key);
        return await command.ExecuteScalarAsync(ct) is not (null or DBNull);
    }

    /// <summary>The time in a version 7 GUID (its first 48 bits, Unix milliseconds); null for another key.</summary>
    private static DateTimeOffset? StagedAt(string key) =>
        Guid.TryParseExact(key, "D", out var id) && id.Version == 7
            ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(id.ToString("N")[..12], NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            : null;
}
