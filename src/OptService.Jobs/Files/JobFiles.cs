using OptService.Jobs.Store;

namespace OptService.Jobs.Files;

/// <summary>
/// A job's files: those its solve stored, and its kind's on-demand files (model exports, a solution's CSV),
/// which are written from the stored problem (and result) at their first download and stored then. The solve does not pay for
/// a 24 MB export that few users fetch; the list shows every file the job has or can have.
/// </summary>
public sealed class JobFiles(JobStore store, ProblemKindCatalog kinds)
{
    /// <summary>Stored files, then on-demand files not written yet (size and time null).</summary>
    public async Task<IReadOnlyList<JobFileInfo>> ListAsync(JobRecord job, CancellationToken ct)
    {
        var stored = await store.ListArtifactsAsync(job.Id, ct);
        var files = stored.Select(a => new JobFileInfo(a.Name, a.ContentType, a.Size, a.CreatedAt)).ToList();
        foreach (var file in OnDemandOf(job))
            if (!stored.Any(a => a.Name == file.Name) && (!file.FromSolution || HasSolution(job))) files.Add(new JobFileInfo(file.Name, file.ContentType, null, null));
        return [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>A stored file, or an on-demand file written (and stored) now; null when the job has no such file.</summary>
    public async Task<ArtifactContent?> GetAsync(JobRecord job, string name, CancellationToken ct)
    {
        if (await store.GetArtifactAsync(job.Id, name, ct) is { } stored) return stored;
        if (OnDemandOf(job).FirstOrDefault(f => f.Name == name) is not { } file || kinds.Find(job.Kind) is not { } kind) return null;
        if (file.FromSolution && !HasSolution(job)) return null;
        if (await store.GetProblemAsync(job.Id, ct) is not { } problem) return null;
        var result = file.FromSolution ? await store.GetResultAsync(job.Id, ct) : null;
        var content = kind.WriteOnDemandFile(problem, result, name);
        if (content is null) return null;
        await store.StoreArtifactAsync(job.Id, PendingArtifact.From(file.Name, file.ContentType, content), ct);
        var at = DateTimeOffset.UtcNow;
        return new ArtifactContent(new ArtifactInfo(file.Name, file.ContentType, content.Length, at), content, Gzipped: false);
    }

    /// <summary>A finished job whose stored result holds a solution (not a verdict without one).</summary>
    private static bool HasSolution(JobRecord job) =>
        job.Status.IsTerminal() && job.HasResult && job.Outcome is Kinds.SolveOutcome.Optimal or Kinds.SolveOutcome.Feasible;

    private IReadOnlyList<Kinds.OnDemandFile> OnDemandOf(JobRecord job) => kinds.Find(job.Kind)?.OnDemandFiles ?? [];
}

/// <summary>A file of a job; <see cref="Size"/> and <see cref="CreatedAt"/> are null for an on-demand file not written yet.</summary>
public sealed record JobFileInfo(string Name, string ContentType, long? Size, DateTimeOffset? CreatedAt);
