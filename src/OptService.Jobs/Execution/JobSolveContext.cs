using System.Text.Json;
using OptService.Kinds;
using OptService.Jobs.Store;

namespace OptService.Jobs.Execution;

/// <summary>
/// The <see cref="ISolveContext"/> of one run: collects log lines, files and incumbents in memory until
/// the executor's heartbeat (or the end of the run) writes them to the store in one transaction.
/// </summary>
internal sealed class JobSolveContext(Guid jobId, int maxLogLines, CancellationToken cancellation) : ISolveContext
{
    private readonly Lock _gate = new();
    private List<PendingLogLine> _lines = [];
    private List<PendingArtifact> _artifacts = [];
    private object? _incumbent;
    private double? _incumbentObjective;
    private string? _restoredIncumbentJson;
    private int _linesWritten;

    public Guid JobId => jobId;

    public CancellationToken Cancellation => cancellation;

    /// <summary>Set by the executor before the solve when the job was submitted with <c>?warmStartFrom=</c>.</summary>
    public WarmStart? WarmStart { get; set; }

    public void Log(JobLogLevel level, string message)
    {
        var time = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            if (_linesWritten > maxLogLines) return;
            _linesWritten++;
            _lines.Add(_linesWritten > maxLogLines
                ? new PendingLogLine(time, JobLogLevel.Warning, $"log truncated after {maxLogLines} lines")
                : new PendingLogLine(time, level, message));
        }
    }

    /// <remarks>Compresses large files here, on the solver's thread, so that the write at the end of the job is small.</remarks>
    public void AddArtifact(string name, string contentType, byte[] content)
    {
        var artifact = PendingArtifact.From(name, contentType, content);
        lock (_gate) _artifacts.Add(artifact);
    }

    /// <remarks>Only the newest incumbent is kept and it is serialized when written (once per heartbeat),
    /// so a solver that improves a thousand times a second does not pay for a thousand serializations.
    /// Kinds pass a fresh object each time; it is not copied.</remarks>
    public void ReportIncumbent(object partialResult, double? objective)
    {
        lock (_gate)
        {
            _incumbent = partialResult;
            _incumbentObjective = objective;
            _restoredIncumbentJson = null;
        }
    }

    /// <summary>Takes what accumulated since the last call.</summary>
    public JobOutput Drain()
    {
        lock (_gate)
        {
            if (_lines.Count == 0 && _artifacts.Count == 0 && _incumbent is null && _restoredIncumbentJson is null) return JobOutput.None;
            var incumbent = _incumbent is null ? _restoredIncumbentJson : JsonSerializer.Serialize(_incumbent, _incumbent.GetType(), JobJson.Options);
            var output = new JobOutput(_lines, _artifacts, incumbent, _incumbentObjective);
            _lines = [];
            _artifacts = [];
            _incumbent = null;
            _restoredIncumbentJson = null;
            _incumbentObjective = null;
            return output;
        }
    }

    /// <summary>Puts back output whose write failed (the store was briefly away), ahead of anything newer.</summary>
    public void Restore(JobOutput output)
    {
        if (ReferenceEquals(output, JobOutput.None)) return;
        lock (_gate)
        {
            _lines = [.. output.Lines, .. _lines];
            _artifacts = [.. output.Artifacts, .. _artifacts];
            if (_incumbent is null && output.Incumbent is not null)
            {
                _restoredIncumbentJson = output.Incumbent;
                _incumbentObjective = output.IncumbentObjective;
            }
        }
    }
}
