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

    /// <summary>Builds the model, solves it, extracts the result. Verdicts are returned, not thrown.</summary>
    protected abstract Task<SolveReport> Solve(TProblem problem, ISolveContext context);

    public ProblemParseResult Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
            return ProblemParseResult.Fail("$", $"expected a JSON object, got {body.ValueKind.ToString().ToLowerInvariant()}");
        TProblem? problem;
        try
        {
            problem = body.Deserialize<TProblem>(JobJson.Options);
        }
        catch (JsonException exception)
        {
            return ProblemParseResult.Fail([JobJson.ToFieldError(exception, typeof(TProblem))]);
        }
        return problem is null ? ProblemParseResult.Fail("$", "the problem must not be null") : Accept(problem);
    }

    public ProblemParseResult Parse(ReadOnlySpan<byte> utf8Json, bool fingerprint = false)
    {
        // RFC 8259 lets a parser ignore a UTF-8 byte order mark; Windows tools write one. It is not stored.
        if (utf8Json.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];
        TProblem? problem;
        try
        {
            problem = JsonSerializer.Deserialize<TProblem>(utf8Json, JobJson.Options);
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
        return ProblemParseResult.Ok(utf8Json.ToArray()) with { Fingerprint = fingerprint ? FingerprintOf(problem) : null };
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
        };
    }

    public ProblemSummary Describe(ReadOnlySpan<byte> utf8Problem) =>
        Describe(JsonSerializer.Deserialize<TProblem>(utf8Problem, JobJson.Options) ?? throw new InvalidDataException("the problem is null"));

    /// <summary>Sizes and the method the solve would choose (see <see cref="ProblemSummary"/>); by default no sizes and the kind's name.</summary>
    protected virtual ProblemSummary Describe(TProblem problem) => new(new Dictionary<string, long>(), Name);

    private string FingerprintOf(TProblem problem) => ProblemFingerprint.Of(Name, problem, typeof(TProblem));

    public Task<SolveReport> SolveAsync(string problemJson, ISolveContext context) =>
        SolveAsync(System.Text.Encoding.UTF8.GetBytes(problemJson), context);

    public Task<SolveReport> SolveAsync(ReadOnlyMemory<byte> utf8Problem, ISolveContext context)
    {
        var problem = JsonSerializer.Deserialize<TProblem>(utf8Problem.Span, JobJson.Options)
            ?? throw new InvalidDataException("stored problem is null");
        return Solve(problem, context);
    }
}
