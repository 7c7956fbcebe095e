using OptService.Kinds;

namespace OptService.Api.JobsApi;

// Endpoint metadata that the OpenAPI transformers (Hosting/OpenApiOperations.cs) turn into the document.

/// <summary>Endpoint metadata: the prefilled request body shown in Swagger UI.</summary>
internal sealed record RequestExample(string ContentType, string Body);

/// <summary>Endpoint metadata: query parameters the endpoint (or an input format) reads, with types and ranges, for the OpenAPI document.</summary>
internal sealed record QueryParameterDocs(IReadOnlyList<QueryParameter> Parameters);

/// <summary>Endpoint metadata: a request header the endpoint reads, for the OpenAPI document.</summary>
internal sealed record HeaderParameterDocs(string Name, string Description, int MaxLength, string Pattern);

/// <summary>Endpoint metadata: the answer is the result of whichever kind the job is (described as a <c>oneOf</c> of every kind's result).</summary>
internal sealed record ResultOfAnyKind;

/// <summary>
/// Endpoint metadata: the 200 answer is a file sent with its own content type (text/plain, text/csv, image/svg+xml,
/// ...; the artifact list says which). The document calls it <c>*/*</c> bytes, so that generated clients return a
/// stream whatever the type (<c>Produces</c> cannot name a media range, so the transformer writes it).
/// </summary>
internal sealed record FileDownload;
