using OptService.Kinds;

namespace OptService.Jobs;

/// <summary>A job as stored: the source of truth for status, result and everything a client reads.</summary>
public sealed record JobRecord
{
    public required Guid Id { get; init; }
    public required string Kind { get; init; }
    public required JobStatus Status { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    public SolveOutcome? Outcome { get; init; }
    public double? Objective { get; init; }
    /// <summary>Why the job failed (an exception message), or null.</summary>
    public string? Error { get; init; }
    /// <summary>The solver's readable explanation, e.g. why a problem is infeasible.</summary>
    public string? Message { get; init; }
    public int Attempts { get; init; }
    public bool CancelRequested { get; init; }
    public bool HasResult { get; init; }
    public bool HasIncumbent { get; init; }
    /// <summary>Who submitted it: the API key's name, or "" when API keys are off.</summary>
    public string Client { get; init; } = "";
    /// <summary>Which queued jobs it starts before (see <see cref="JobPriority"/>).</summary>
    public JobPriority Priority { get; init; } = JobPriority.Normal;
}

/// <summary>One line of a job's log; <see cref="Seq"/> increases by one per line within a job.</summary>
public sealed record JobLogLine(long Seq, DateTimeOffset Time, JobLogLevel Level, string Message);

/// <summary>A file a job produced, without its content.</summary>
public sealed record ArtifactInfo(string Name, string ContentType, long Size, DateTimeOffset CreatedAt);

/// <summary>A log line or file waiting to be written by the job's flusher.</summary>
internal sealed record PendingLogLine(DateTimeOffset Time, JobLogLevel Level, string Message);

/// <summary>A file as stored: <see cref="Content"/> is gzip-compressed when <see cref="Gzipped"/>; <see cref="Size"/> is the original length.</summary>
internal sealed record PendingArtifact(string Name, string ContentType, byte[] Content, bool Gzipped, long Size)
{
    // Model files of large networks run to tens of megabytes of highly repetitive text (5-10x smaller
    // compressed); below this size compression is not worth a round of CPU.
    private const int CompressFrom = 64 * 1024;

    public static PendingArtifact From(string name, string contentType, byte[] content)
    {
        if (content.Length < CompressFrom) return new PendingArtifact(name, contentType, content, false, content.Length);
        using var compressed = new MemoryStream(content.Length / 4);
        using (var gzip = new System.IO.Compression.GZipStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gzip.Write(content);
        return new PendingArtifact(name, contentType, compressed.ToArray(), true, content.Length);
    }
}

/// <summary>A stored file: its bytes as stored, gzip-compressed when <see cref="Gzipped"/>.</summary>
public sealed record ArtifactContent(ArtifactInfo Info, byte[] Stored, bool Gzipped)
{
    /// <summary>The file's own bytes.</summary>
    public byte[] Decompressed()
    {
        if (!Gzipped) return Stored;
        using var input = new System.IO.Compression.GZipStream(new MemoryStream(Stored), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream((int)Info.Size);
        input.CopyTo(output);
        return output.ToArray();
    }
}
