namespace OptService.Kinds;

/// <summary>One reason a submission is rejected: where (a JSON path such as <c>$.arcs[3].maxFlow</c>,
/// or <c>line 12</c> for text formats) and why, in words a user can act on.</summary>
public sealed record FieldError(string Path, string Reason)
{
    /// <summary>
    /// Most errors one rejection lists. A body of a million bad lines must not come back as a million errors (a
    /// 40 MB answer, and the memory to build it): validators may stop collecting here, and <see cref="Capped"/>
    /// lists this many and says that more exist.
    /// </summary>
    public const int MaxReported = 100;

    /// <summary>The first <see cref="MaxReported"/> errors, plus one entry (at <paramref name="path"/>) saying that more were not listed.</summary>
    public static IReadOnlyList<FieldError> Capped(IReadOnlyList<FieldError> errors, string path = "$") =>
        errors.Count <= MaxReported
            ? errors
            : [.. errors.Take(MaxReported), new FieldError(path, $"more errors are not listed (only the first {MaxReported} are); fix these and submit again")];
}

/// <summary>Outcome of parsing and validating a submission: on success the problem as UTF-8 JSON, as it is stored.</summary>
public sealed record ProblemParseResult(byte[]? Utf8Json, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Utf8Json is not null;

    /// <summary>
    /// Identifies the validated problem however it was spelled (see <see cref="ProblemFingerprint"/>); set when the
    /// caller asked for it, null otherwise.
    /// </summary>
    public string? Fingerprint { get; init; }

    /// <summary>The kind's estimate of the solve's peak memory (<see cref="IProblemKind.EstimateMemoryBytes"/>); null: unknown.</summary>
    public long? EstimatedMemoryBytes { get; init; }

    /// <summary>The validated problem object (of the kind's problem type), handed to a worker in the same process.</summary>
    public object? Problem { get; init; }

    public static ProblemParseResult Ok(byte[] utf8Json) => new(utf8Json, []);
    public static ProblemParseResult Fail(IReadOnlyList<FieldError> errors) => new(null, FieldError.Capped(errors));
    public static ProblemParseResult Fail(string path, string reason) => new(null, [new FieldError(path, reason)]);
}
