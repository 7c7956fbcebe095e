namespace OptService.Jobs.Kinds;

/// <summary>One reason a submission is rejected: where (a JSON path such as <c>$.arcs[3].maxFlow</c>,
/// or <c>line 12</c> for text formats) and why, in words a user can act on.</summary>
public sealed record FieldError(string Path, string Reason);

/// <summary>Outcome of parsing and validating a submission.</summary>
public sealed record ProblemParseResult(string? CanonicalJson, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => CanonicalJson is not null;
    public static ProblemParseResult Ok(string canonicalJson) => new(canonicalJson, []);
    public static ProblemParseResult Fail(IReadOnlyList<FieldError> errors) => new(null, errors);
    public static ProblemParseResult Fail(string path, string reason) => new(null, [new FieldError(path, reason)]);
}
