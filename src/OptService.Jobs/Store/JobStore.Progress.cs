using System.Globalization;
using OptService.Jobs.Progress;

namespace OptService.Jobs.Store;

public sealed partial class JobStore
{
    /// <summary>A job with the counters its progress is read by (log lines and incumbents written so far), or null if there is no such job.</summary>
    public async Task<JobSnapshot?> GetSnapshotAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {JobColumns}, log_seq, incumbent_seq, incumbent_at FROM opt_jobs WHERE id = @id",
            c => c.Add("id", Key(id)),
            r => Snapshot(r, r.FieldCount - 3),
            ct)).SingleOrDefault();

    // The three counters follow the job's columns, however many those are.
    private static JobSnapshot Snapshot(System.Data.Common.DbDataReader r, int first) => new(ReadJob(r),
        Convert.ToInt64(r.GetValue(first), CultureInfo.InvariantCulture),
        Convert.ToInt64(r.GetValue(first + 1), CultureInfo.InvariantCulture),
        r.IsDBNull(first + 2) ? null : FromMillis(Convert.ToInt64(r.GetValue(first + 2), CultureInfo.InvariantCulture)));
}
