namespace OptService.Kinds;

/// <summary>
/// A kind of problem the job service can run (transshipment, nurse scheduling, ...). The job machinery
/// talks to kinds only through this contract; derive from <see cref="ProblemKind{TProblem, TResult}"/>
/// rather than implementing it directly.
/// </summary>
public interface IProblemKind
{
    /// <summary>Route segment and stored kind name, e.g. <c>transshipment</c>.</summary>
    string Name { get; }

    /// <summary>One line for the OpenAPI document.</summary>
    string Summary { get; }

    /// <summary>The request body type (for the OpenAPI schema).</summary>
    Type ProblemType { get; }

    /// <summary>
    /// The result type returned by <c>GET /jobs/{id}/result</c>, and the type of the incumbents a running solve
    /// publishes (<see cref="ISolveContext.ReportIncumbent"/>). The OpenAPI document gives each kind typed
    /// <c>GET /jobs/{kind}/{id}/result</c> and <c>/incumbent</c> routes with this schema.
    /// </summary>
    Type ResultType { get; }

    /// <summary>A complete, valid problem used as the prefilled Swagger example.</summary>
    object Example { get; }

    /// <summary>Alternative input formats accepted at <c>POST /jobs/{kind}/{format}</c>.</summary>
    IReadOnlyList<IProblemInputFormat> InputFormats { get; }

    /// <summary>
    /// Parses and validates a UTF-8 JSON body straight from its bytes (one pass, no document tree);
    /// on success the body itself, as sent, is the JSON that is stored.
    /// </summary>
    /// <param name="utf8Json">The body.</param>
    /// <param name="fingerprint">Also compute <see cref="ProblemParseResult.Fingerprint"/> (for an Idempotency-Key).</param>
    ProblemParseResult Parse(ReadOnlySpan<byte> utf8Json, bool fingerprint = false);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, bool)"/>, for a body the caller hands over: on success the array itself
    /// is the stored JSON instead of a copy of it, so the caller must not change it afterwards.
    /// </summary>
    ProblemParseResult Parse(byte[] utf8Json, bool fingerprint = false);

    /// <summary>Validates an already-typed problem (from an alternative input format) and canonicalizes it.</summary>
    /// <param name="problem">A problem of <see cref="ProblemType"/>.</param>
    /// <param name="fingerprint">Also compute <see cref="ProblemParseResult.Fingerprint"/> (for an Idempotency-Key).</param>
    ProblemParseResult Accept(object problem, bool fingerprint = false);

    /// <summary>
    /// Sizes and the method choice of a validated problem (<see cref="ProblemParseResult.Problem"/>, of
    /// <see cref="ProblemType"/>), for <c>?validateOnly=true</c>: nothing is solved, and nothing is read again.
    /// </summary>
    ProblemSummary Describe(object problem);

    /// <summary>
    /// Solves a stored problem, from its stored UTF-8 JSON (no transcoding of large problems). Solver verdicts
    /// (infeasible, time limit, ...) are returned, never thrown. When <see cref="ISolveContext.Cancellation"/>
    /// fires, return promptly with the best solution found.
    /// </summary>
    Task<SolveReport> SolveAsync(ReadOnlyMemory<byte> utf8Problem, ISolveContext context);

    /// <summary>
    /// About how many bytes solving <paramref name="problem"/> (a <see cref="ProblemType"/>) will take at its peak,
    /// model and solver included; null when the size cannot be told up front. A submission over the job
    /// memory budget is refused with this figure, and a worker admits concurrent jobs by it.
    /// </summary>
    long? EstimateMemoryBytes(object problem);

    /// <summary>Files written from the stored problem when first downloaded (model exports), not by the solve.</summary>
    IReadOnlyList<OnDemandFile> OnDemandFiles { get; }

    /// <summary>
    /// Writes one of <see cref="OnDemandFiles"/> from the stored problem (and, for a file
    /// <see cref="OnDemandFile.FromSolution"/>, the stored result's UTF-8 JSON); null for another name or without a result.
    /// </summary>
    byte[]? WriteOnDemandFile(ReadOnlyMemory<byte> utf8Problem, byte[]? utf8Result, string name);

    /// <summary>
    /// As <see cref="SolveAsync(ReadOnlyMemory{byte}, ISolveContext)"/> for the problem object this process parsed
    /// at submission (<see cref="ProblemParseResult.Problem"/>), which saves reading a large problem twice.
    /// </summary>
    Task<SolveReport> SolveParsedAsync(object problem, ISolveContext context);
}
