using System.Security.Claims;
using OptService.Jobs;
using OptService.Kinds;
using OptService.Jobs.Store;

namespace OptService.Api.JobsApi;

/// <summary>
/// <c>GET /api/v1/jobs/{kind}/{id}/result</c> and <c>/incumbent</c>: the same answers as <c>/jobs/{id}/result</c>
/// and <c>/incumbent</c>, with the kind in the path so that the OpenAPI document can give each kind's answer its
/// own schema (<see cref="IProblemKind.ResultType"/>). A client generated from the document then reads a
/// <c>TransshipmentResult</c>, not an untyped object; one pair of routes per registered kind, so a new kind gets
/// its typed routes without an edit here. (A <c>oneOf</c> on the kind-free route is no substitute: results carry no
/// common discriminator field, and generators cannot fill a union they cannot tell apart.)
/// </summary>
internal static class KindResultEndpoints
{
    public static void MapKindResultEndpoints(RouteGroupBuilder jobs, ProblemKindCatalog kinds)
    {
        foreach (var kind in kinds.All.OrderBy(kind => kind.Name, StringComparer.Ordinal))
        {
            jobs.MapGet($"/{kind.Name}/{{id}}/result", (string id, JobStore store, ClaimsPrincipal user, CancellationToken ct) =>
                    ReadAsync(kind, id, "result", JobsApi.ResultOfAsync, store, user, ct))
                .Produces(StatusCodes.Status200OK, kind.ResultType)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .WithTags(kind.Name)
                .WithName($"GetResult-{kind.Name}")
                .WithSummary($"A {kind.Name} job's result; 409 while the job is unfinished");
            jobs.MapGet($"/{kind.Name}/{{id}}/incumbent", (string id, JobStore store, ClaimsPrincipal user, CancellationToken ct) =>
                    ReadAsync(kind, id, "incumbent", JobsApi.IncumbentOfAsync, store, user, ct))
                .Produces(StatusCodes.Status200OK, kind.ResultType)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .WithTags(kind.Name)
                .WithName($"GetIncumbent-{kind.Name}")
                .WithSummary($"The best solution a running {kind.Name} job has found so far (its result once finished)");
        }
    }

    private static async Task<IResult> ReadAsync(
        IProblemKind kind, string id, string what, Func<JobRecord, JobStore, CancellationToken, Task<IResult>> answer,
        JobStore store, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await JobsApi.FindAsync(id, store, user, ct) is not { } job) return Problems.JobNotFound(id);
        if (job.Kind != kind.Name)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Job not found",
                detail: $"Job {job.Id} is a {job.Kind} job, not {kind.Name}: read it at /api/v1/jobs/{job.Kind}/{job.Id}/{what}.");
        return await answer(job, store, ct);
    }
}
