namespace OptService.Api.EventStream;

/// <summary>Settings of <c>GET /api/v1/jobs/{id}/events</c>, bound from the <c>Events</c> configuration section.</summary>
public sealed class EventStreamOptions
{
    public const string Section = "Events";

    /// <summary>
    /// How often an open stream reads its job's new log lines and incumbents from the store. The job's end is pushed
    /// (at once from this process, through the finished-jobs watcher from others), so this only paces the middle of a solve.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A comment line is sent when nothing else was for this long, so that proxies and clients see the stream alive.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Open streams this process serves at once; beyond it a new stream gets 429.</summary>
    public int MaxStreamsPerProcess { get; set; } = 200;

    /// <summary>Open streams of one API key in this process; beyond it that key's new stream gets 429 (API keys on only).</summary>
    public int MaxStreamsPerApiKey { get; set; } = 20;

    /// <summary>Most log lines read in one go: a long log is sent in pieces, other streams get their turn.</summary>
    public int MaxLogLinesPerRead { get; set; } = 1000;

    /// <summary>What a stream refused by a limit is told to wait before trying again.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
