namespace OptService.Kinds;

/// <summary>What a running solve may use of the job service: its job's log, files and cancellation.</summary>
public interface ISolveContext
{
    Guid JobId { get; }

    /// <summary>Fires when the user cancels the job or the process shuts down; return the best solution found.</summary>
    CancellationToken Cancellation { get; }

    /// <summary>Appends a line to the job's log (thread-safe, buffered; readable while the job runs).</summary>
    void Log(JobLogLevel level, string message);

    /// <summary>Stores a file the job produced (model export, CSV, plot). A later file with the same name replaces it.</summary>
    void AddArtifact(string name, string contentType, byte[] content);

    /// <summary>Publishes the best solution so far so that clients can read it while the job runs (rate-limited).</summary>
    void ReportIncumbent(object partialResult, double? objective);

    /// <summary>
    /// The earlier job's result to start from, when the job was submitted with <c>?warmStartFrom=</c>; null otherwise.
    /// </summary>
    /// <remarks>No default on purpose: a wrapping context that forgot to forward it would silently drop every warm start.</remarks>
    WarmStart? WarmStart { get; }
}

public static class SolveContextLogging
{
    public static void Info(this ISolveContext context, string message) => context.Log(JobLogLevel.Info, message);
    public static void Warn(this ISolveContext context, string message) => context.Log(JobLogLevel.Warning, message);
    public static void Debug(this ISolveContext context, string message) => context.Log(JobLogLevel.Debug, message);
}
