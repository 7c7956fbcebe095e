using System.Text.Json;

namespace OptService.Kinds;

/// <summary>
/// Base class of every problem kind: does the JSON plumbing so that a kind writes only
/// <see cref="Validate"/> and <see cref="Solve"/> over its own typed records.
/// </summary>
public abstract class ProblemKind<TProblem, TResult> : IProblemKind
    where TProblem : class
    where TResult : class
{
    public abstract string Name { get; }
    public abstract string Summary { get; }
    public Type ProblemType => typeof(TProblem);
    public Type ResultType => typeof(TResult);
    public object Example => CreateExample();
    public virtual IReadOnlyList<IProblemInputFormat> InputFormats => [];

    /// <summary>A complete, valid problem shown prefilled in Swagger UI.</summary>
    protected abstract TProblem CreateExample();

    /// <summary>Every semantic problem at once, each with a JSON path (<c>$.arcs[2].to</c>) and a reason.</summary>
    protected abstract IEnumerable<FieldError> Validate(TProblem problem);

    /// <summary>Builds the model, solves it, extracts the result (the kind's <c>&lt;Kind&gt;Solve</c>). Verdicts are returned, not thrown.</summary>
    protected abstract Task<SolveReport<TResult>> Solve(TProblem problem, ISolveContext context);

    /// <summary>Peak bytes of the solve, from the problem's sizes (see <see cref="IProblemKind.EstimateMemoryBytes"/>); null: unknown.</summary>
    protected virtual long? EstimateMemoryBytes(TProblem problem) => null;

    /// <summary>
    /// Writes an on-demand file (<see cref="OnDemandFiles"/>) of a valid problem and, for a file from the solution,
    /// its result (null otherwise); null for a name it does not know.
    /// </summary>
    protected virtual byte[]? WriteOnDemandFile(TProblem problem, TResult? result, string name) => null;

    public virtual IReadOnlyList<OnDemandFile> OnDemandFiles => [];

    /// <summary>
    /// Reads a problem from its UTF-8 JSON (a submission, or the stored problem of a job): System.Text.Json with
    /// <see cref="JobJson.Options"/> unless a kind whose problems run to millions of numbers reads them itself, in one
    /// pass. Null for the JSON <c>null</c>; JSON that does not fit <typeparamref name="TProblem"/> throws a
    /// <see cref="JsonException"/> with the path (and line) of the fault, as the serializer does.
    /// </summary>
    protected virtual TProblem? ReadJson(ReadOnlySpan<byte> utf8Json) => JsonSerializer.Deserialize<TProblem>(utf8Json, JobJson.Options);

    public long? EstimateMemoryBytes(object problem) => problem is TProblem typed
        ? EstimateMemoryBytes(typed)
        : throw new ArgumentException($"expected a {typeof(TProblem).Name}", nameof(problem));

    public byte[]? WriteOnDemandFile(ReadOnlyMemory<byte> utf8Problem, byte[]? utf8Result, string name)
    {
        if (OnDemandFiles.FirstOrDefault(f => f.Name == name) is not { } file) return null;
        TResult? result = null;
        if (file.FromSolution)
        {
            if (utf8Result is null) return null;
            result = JsonSerializer.Deserialize<TResult>(utf8Result, JobJson.Options);
        }
        var problem = ReadJson(utf8Problem.Span) ?? throw new InvalidDataException("stored problem is null");
        return WriteOnDemandFile(problem, result, name);
    }

    public async Task<SolveReport> SolveParsedAsync(object problem, ISolveContext context)
    {
        if (problem is not TProblem typed) throw new ArgumentException($"expected a {typeof(TProblem).Name}", nameof(problem));
        // The job's time limit counts from here (SolveDeadline).
        var report = await Solve(typed, ClockedSolveContext.Wrap(context)).ConfigureAwait(false);
        return report.Untyped();
    }

    public ProblemParseResult Parse(ReadOnlySpan<byte> utf8Json, bool fingerprint = false) => Parse(utf8Json, null, fingerprint);

    // No copy: on this project's VM a copy into fresh memory took 300-490 ms for 64 MB under load, 5-14 ms into memory in use (README, round 7).
    public ProblemParseResult Parse(byte[] utf8Json, bool fingerprint = false) => Parse(utf8Json, utf8Json, fingerprint);

    /// <param name="utf8Json">The body.</param>
    /// <param name="owned">The body's own array when the caller hands it over: stored as it is, not copied.</param>
    /// <param name="fingerprint">Also compute the fingerprint.</param>
    private ProblemParseResult Parse(ReadOnlySpan<byte> utf8Json, byte[]? owned, bool fingerprint)
    {
        // RFC 8259 lets a parser ignore a UTF-8 byte order mark; Windows tools write one. It is not stored.
        if (utf8Json.StartsWith("\uFEFF"u8))
        {
            utf8Json = utf8Json[3..];
            owned = null;
        }
        TProblem? problem;
        try
        {
            problem = ReadJson(utf8Json);
        }
        catch (JsonException exception)
        {
            return ProblemParseResult.Fail([JobJson.ToFieldError(exception, typeof(TProblem))]);
        }
        if (problem is null) return ProblemParseResult.Fail("$", "the problem must be a JSON object, not null");
        var errors = Validate(problem).ToList();
        // Valid input is stored exactly as sent: it deserializes to the same problem, and re-serializing
        // a large network would cost as much as parsing it.
        if (errors.Count > 0) return ProblemParseResult.Fail(errors);
        return ProblemParseResult.Ok(owned ?? utf8Json.ToArray()) with
        {
            Fingerprint = fingerprint ? FingerprintOf(problem) : null,
            EstimatedMemoryBytes = EstimateMemoryBytes(problem),
            Problem = problem,
        };
    }

    public ProblemParseResult Accept(object problem, bool fingerprint = false)
    {
        if (problem is not TProblem typed)
            throw new ArgumentException($"expected a {typeof(TProblem).Name}", nameof(problem));
        var errors = Validate(typed).ToList();
        if (errors.Count > 0) return ProblemParseResult.Fail(errors);
        return ProblemParseResult.Ok(JsonSerializer.SerializeToUtf8Bytes(typed, JobJson.Options)) with
        {
            Fingerprint = fingerprint ? FingerprintOf(typed) : null,
            EstimatedMemoryBytes = EstimateMemoryBytes(typed),
            Problem = typed,
        };
    }

    public ProblemSummary Describe(object problem) => problem is TProblem typed
        ? Describe(typed)
        : throw new ArgumentException($"expected a {typeof(TProblem).Name}", nameof(problem));

    /// <summary>Sizes and the method the solve would choose (see <see cref="ProblemSummary"/>); by default no sizes and the kind's name.</summary>
    protected virtual ProblemSummary Describe(TProblem problem) => new(new Dictionary<string, long>(), Name);

    private string FingerprintOf(TProblem problem) => ProblemFingerprint.Of(Name, problem, typeof(TProblem));

    public async Task<SolveReport> SolveAsync(ReadOnlyMemory<byte> utf8Problem, ISolveContext context)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // The job's time limit counts from here, deserializing included (SolveDeadline).
        context = ClockedSolveContext.Wrap(context);
        var problem = ReadJson(utf8Problem.Span) ?? throw new InvalidDataException("stored problem is null");
        // Said only for large problems, where it takes time (the log of a small job stays as it was).
        if (utf8Problem.Length >= 1 << 20)
            context.Debug(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"problem deserialized: {utf8Problem.Length} bytes of JSON in {clock.Elapsed.TotalMilliseconds:0.0} ms"));
        var report = await Solve(problem, context).ConfigureAwait(false);
        return report.Untyped();
    }
}
