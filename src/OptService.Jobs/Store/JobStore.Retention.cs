using System.Data.Common;

namespace OptService.Jobs.Store;

/// <summary>What <see cref="JobStore.PurgeAsync"/> did.</summary>
public enum PurgeResult
{
    Purged,
    NotFound,
    NotFinished,
}

public sealed partial class JobStore
{
    private const string Terminal = "('succeeded', 'failed', 'cancelled')";

    /// <summary>Deletes one finished job of <paramref name="client"/> with its logs and files (its idempotency key goes with it).</summary>
    public async Task<PurgeResult> PurgeAsync(Guid id, string client, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        string? status;
        await using (var find = Command(connection, tx, "SELECT status FROM opt_jobs WHERE id = @id AND client = @client"))
        {
            find.Add("id", Key(id)).Add("client", client);
            status = await find.ExecuteScalarAsync(ct) as string;
        }
        if (status is null || !Enum.Parse<JobStatus>(status, ignoreCase: true).IsTerminal())
        {
            await tx.RollbackAsync(ct);
            return status is null ? PurgeResult.NotFound : PurgeResult.NotFinished;
        }
        await DeleteJobsAsync(connection, tx, [Key(id)], ct);
        await tx.CommitAsync(ct);
        return PurgeResult.Purged;
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> jobs that finished before <paramref name="cutoff"/>, with
    /// their logs and files, in one transaction; returns how many. Small batches keep each write short.
    /// </summary>
    public async Task<int> DeleteFinishedBeforeAsync(DateTimeOffset cutoff, int batch, CancellationToken ct = default)
    {
        using var gate = await EnterWriteAsync(ct);
        await using var connection = await OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var ids = new List<string>();
        await using (var select = Command(connection, tx,
            $"SELECT id FROM opt_jobs WHERE finished_at < @cutoff AND status IN {Terminal} ORDER BY finished_at LIMIT @batch"))
        {
            select.Add("cutoff", Millis(cutoff)).Add("batch", batch);
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetString(0));
        }
        if (ids.Count > 0) await DeleteJobsAsync(connection, tx, ids, ct);
        await tx.CommitAsync(ct);
        return ids.Count;
    }

    private static async Task DeleteJobsAsync(DbConnection connection, DbTransaction tx, List<string> ids, CancellationToken ct)
    {
        // A deleted job's webhook goes with it, and so do deliveries still waiting for a retry.
        foreach (var (table, column) in new[]
                 {
                     ("opt_job_logs", "job_id"), ("opt_job_problems", "job_id"), ("opt_job_artifacts", "job_id"), ("opt_webhooks", "job_id"), ("opt_webhook_deliveries", "job_id"), ("opt_jobs", "id"),
                 })
        {
            await using var delete = Command(connection, tx, "");
            delete.CommandText = $"DELETE FROM {table} WHERE {column} IN ({delete.AddInList(ids)})";
            await delete.ExecuteNonQueryAsync(ct);
        }
    }
}
