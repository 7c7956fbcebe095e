using System.Collections.Concurrent;
using OptService.Kinds;

namespace OptService.Problems.Tests;

/// <summary>An <see cref="ISolveContext"/> that records what a solve wrote, for kind-level tests.</summary>
internal sealed class RecordingSolveContext(CancellationToken cancellation = default) : ISolveContext
{
    public Guid JobId { get; } = Guid.NewGuid();
    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>The earlier result a solve starts from (<c>?warmStartFrom=</c>), or null.</summary>
    public WarmStart? WarmStart { get; init; }
    public ConcurrentQueue<(JobLogLevel Level, string Message)> Lines { get; } = new();
    public ConcurrentDictionary<string, (string ContentType, byte[] Content)> Artifacts { get; } = new();
    public ConcurrentQueue<(object Result, double? Objective)> Incumbents { get; } = new();

    public void Log(JobLogLevel level, string message) => Lines.Enqueue((level, message));

    public void AddArtifact(string name, string contentType, byte[] content) => Artifacts[name] = (contentType, content);

    public void ReportIncumbent(object partialResult, double? objective) => Incumbents.Enqueue((partialResult, objective));

    public string LogText => string.Join('\n', Lines.Select(line => line.Message));
}
