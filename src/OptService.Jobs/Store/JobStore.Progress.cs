using System.Globalization;
using OptService.Jobs.Progress;

namespace OptService.Jobs.Store;

public sealed partial class JobStore
{
    /// <summary>A job with the counters its progress is read by (log lines and incumbents written so far), or null if there is no such job.</summary>
    public async Task<JobSnapshot?> GetSnapshotAsync(Guid id, CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {JobColumns}, log_seq, incumbent_seq, incumbent_at FROM opt_jobs WHERE id = @id",
            c => c.Add("id", Key(id)),
            r => new JobSnapshot(ReadJob(r),
                Convert.ToInt64(r.GetValue(15), CultureInfo.InvariantCulture),
                Convert.ToInt64(r.GetValue(16), CultureInfo.InvariantCulture),
                r.IsDBNull(17) ? null : FromMillis(Convert.ToInt64(r.GetValue(17), CultureInfo.InvariantCulture))),
            ct)).SingleOrDefault();
}
