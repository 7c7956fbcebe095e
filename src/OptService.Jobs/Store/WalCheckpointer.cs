using System.Data.Common;

namespace OptService.Jobs.Store;

/// <summary>
/// SQLite: copies the write-ahead log back into the database file on a background task, shortly after writes,
/// instead of inside the commit that crossed SQLite's auto-checkpoint threshold (1,000 pages). That checkpoint ran
/// in the committing request with the store's write gate held, and with <c>synchronous=NORMAL</c> it syncs the WAL
/// and the database file: a 30 MB problem's insert paid for copying and syncing those 30 MB before the submission
/// could answer 202, and a job's finish the same for its result (issue 10). Durability is unchanged: a commit is in
/// the WAL either way, which is what readers and a crash recovery read.
/// </summary>
/// <remarks>
/// Writes count their bytes (a nominal <see cref="SmallWrite"/> when the caller does not say); once
/// <see cref="CheckpointAfterBytes"/> have been written since the last checkpoint, one is run <see cref="Pause"/>
/// later, so that a burst of small jobs shares one sync as it did with SQLite's own threshold. A <c>PASSIVE</c>
/// checkpoint waits for no reader or writer, so it runs outside the write gate. The per-connection
/// <c>wal_autocheckpoint</c> stays as a safety net at <see cref="SafetyNetPages"/>, should this fall behind.
/// </remarks>
internal sealed class WalCheckpointer(DbDataSource dataSource)
{
    /// <summary>WAL pages past which a commit still checkpoints itself (SQLite's default is 1,000).</summary>
    public const int SafetyNetPages = 16384;

    /// <summary>What a write without a stated size counts: about a page.</summary>
    public const long SmallWrite = 16 << 10;

    /// <summary>Bytes written after which a checkpoint is scheduled: about SQLite's own 1,000 pages of 4 KiB.</summary>
    public const long CheckpointAfterBytes = 4 << 20;

    /// <summary>How long after the write that crossed <see cref="CheckpointAfterBytes"/> the checkpoint runs.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private long _unchecked;
    private Task? _scheduled;
    private bool _stopped;

    /// <summary>Called after each write with what it wrote: schedules a checkpoint when enough has been written.</summary>
    public void Written(long bytes)
    {
        lock (_gate)
        {
            _unchecked += bytes;
            if (_stopped || _unchecked < CheckpointAfterBytes || _scheduled is { IsCompleted: false }) return;
            _unchecked = 0;
            _scheduled = CheckpointSoonAsync();
        }
    }

    /// <summary>At shutdown: no checkpoint is scheduled any more, and the one scheduled, if any, has run.</summary>
    public Task StopAsync()
    {
        lock (_gate)
        {
            _stopped = true;
            return _scheduled ?? Task.CompletedTask;
        }
    }

    private async Task CheckpointSoonAsync()
    {
        await Task.Delay(Pause).ConfigureAwait(false);
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (DbException)
        {
            // The database is busy or away: the next writes schedule another checkpoint, and the safety net
            // checkpoints in a commit if none gets through.
        }
    }
}
