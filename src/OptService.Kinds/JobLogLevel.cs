namespace OptService.Kinds;

/// <summary>Severity of a job log line.</summary>
public enum JobLogLevel
{
    Debug,
    Info,
    Warning,
    Error,
}
