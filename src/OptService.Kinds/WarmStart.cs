using System.Text.Json;

namespace OptService.Kinds;

/// <summary>
/// The stored result of an earlier job of the same kind that the user asked a solve to start from
/// (<c>?warmStartFrom=&lt;job id&gt;</c>). The API has checked that the job is the caller's, of this kind, finished and
/// with a solution; what a kind takes from it (a CP-SAT hint, an NLP start, a MIP start) and what it leaves is the
/// kind's to decide and to say in the job log: a kind that cannot use it says so rather than ignoring it quietly.
/// </summary>
/// <param name="JobId">The earlier job.</param>
/// <param name="ResultJson">Its result as stored (the kind's own result record in <see cref="JobJson"/>).</param>
public sealed record WarmStart(Guid JobId, string ResultJson)
{
    /// <summary>The earlier result as the kind's result record; null when it does not read as one (written by another version).</summary>
    public TResult? ResultAs<TResult>() where TResult : class
    {
        try
        {
            return JsonSerializer.Deserialize<TResult>(ResultJson, JobJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
