using System.Text.Json;
using OptService.Api.Access;
using OptService.Jobs;
using OptService.Jobs.Store;
using OptService.Kinds;

namespace OptService.Api.JobsApi;

/// <summary>
/// Whether <c>?warmStartFrom=&lt;job id&gt;</c> names a job this submission may start from: the caller's own, of the same
/// kind, finished, with a solution in its result. Checked before the body is read, so that a bad reference costs no parse,
/// and for <c>?validateOnly=true</c> too; a refusal is the 400 of the parameter and nothing is queued.
/// </summary>
internal static class WarmStartReference
{
    /// <summary>The 400 naming <c>warmStartFrom</c> and the reason, or null when there is no reference or it is usable.</summary>
    public static async Task<IResult?> CheckAsync(Guid? from, IProblemKind kind, HttpContext http, CancellationToken ct)
    {
        if (from is not { } id) return null;
        var job = await http.RequestServices.GetRequiredService<JobStore>().GetAsync(id, ct);
        var client = ApiKeyAuthentication.ClientOf(http.User);
        // Another key's job reads as no job at all, as on GET /jobs/{id}: a key learns nothing of another's jobs.
        if (job is null || job.Client != client)
            return Refused($"there is no job {id}{(client.Length > 0 ? " of this API key" : "")}");
        if (job.Kind != kind.Name)
            return Refused($"job {id} is a {job.Kind} job; a {kind.Name} job starts only from the result of a {kind.Name} job");
        if (job.Status is JobStatus.Queued or JobStatus.Running)
            return Refused($"job {id} is still {job.Status.ToWireName()}; wait for it to finish (GET /api/v1/jobs/{id}?waitSeconds=60), then submit");
        if (!job.HasResult || job.Outcome is not (SolveOutcome.Optimal or SolveOutcome.Feasible))
            return Refused($"job {id} ended {job.Status.ToWireName()}" +
                           (job.Outcome is { } outcome ? $" with outcome {JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString())}" : "") +
                           " and has no solution to start from");
        return null;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ValidationProblem Refused(string reason) => Problems.InvalidParameter(JobSettingsQuery.WarmStartFromName, reason);
}
