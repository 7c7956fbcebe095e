namespace OptService.Kinds;

/// <summary>
/// A non-JSON way to submit a problem of a kind, e.g. a benchmark text file. The converted problem is
/// validated like a JSON submission and stored as the job's problem in JSON form. A format converts either text
/// (<see cref="ITextProblemInputFormat"/>) or bytes (<see cref="IBinaryProblemInputFormat"/>).
/// </summary>
public interface IProblemInputFormat
{
    /// <summary>Route segment after the kind, e.g. <c>nrp</c> for <c>POST /jobs/nurse-scheduling/nrp</c>.</summary>
    string Name { get; }

    /// <summary>The body's media type, e.g. <c>text/plain</c>.</summary>
    string ContentType { get; }

    /// <summary>One line for the OpenAPI document.</summary>
    string Summary { get; }

    /// <summary>A valid body used as the prefilled Swagger example.</summary>
    string ExampleBody { get; }

    /// <summary>Query parameters this format reads, with their types and ranges, documented in OpenAPI.</summary>
    IReadOnlyList<QueryParameter> QueryParameters { get; }
}

/// <summary>A text format: the submit endpoint decodes the body as UTF-8 (refusing bytes that are not) and hands it the text.</summary>
public interface ITextProblemInputFormat : IProblemInputFormat
{
    /// <summary>Converts the body to the kind's problem object, or reports every error (path = line, field or parameter).</summary>
    InputConversion Convert(string body, IReadOnlyDictionary<string, string> query);
}

/// <summary>Either a problem object of the kind's <see cref="IProblemKind.ProblemType"/> or the errors.</summary>
public sealed record InputConversion(object? Problem, IReadOnlyList<FieldError> Errors)
{
    public static InputConversion Ok(object problem) => new(problem, []);
    public static InputConversion Fail(IReadOnlyList<FieldError> errors) => new(null, FieldError.Capped(errors, "instance"));
}
