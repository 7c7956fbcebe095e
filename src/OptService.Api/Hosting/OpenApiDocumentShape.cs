using Microsoft.OpenApi;
using OptService.Api.Access;
using OptService.Jobs;

namespace OptService.Api.Hosting;

/// <summary>
/// Document-wide rules. The committed copy (<c>openapi/v1.json</c>) must come out the same wherever and whenever
/// the service runs, so nothing here depends on the host, port, time or the order kinds were registered in.
/// </summary>
internal static class OpenApiDocumentShape
{
    public static void Apply(OpenApiDocument document, IServiceProvider services, bool apiKeys)
    {
        var kinds = services.GetRequiredService<ProblemKindCatalog>();
        document.Info.Title = "OptService";
        document.Info.Description =
            "Submit optimization problems as JSON; each becomes a background job with status, result, logs and files. " +
            "Try POST /api/v1/jobs/transshipment with the prefilled example, then GET /api/v1/jobs/{id}?waitSeconds=10. " +
            "Errors are RFC 9457 problem details (application/problem+json).";
        // Relative: the host that serves the document (ASP.NET would write the address it was asked on).
        document.Servers = [new OpenApiServer { Url = "/", Description = "The service that serves this document." }];
        document.Tags = new HashSet<OpenApiTag>(
            [
                new OpenApiTag { Name = "Jobs", Description = "Any kind's jobs: status (with waiting), results, logs, files, cancelling, listing." },
                .. kinds.All.OrderBy(kind => kind.Name, StringComparer.Ordinal)
                    .Select(kind => new OpenApiTag { Name = kind.Name, Description = kind.Summary }),
            ]);
        DescribeApiKeys(document, apiKeys);
        SortSchemas(document);
        SortResponses(document);
    }

    /// <summary>
    /// The API-key scheme is always described, so that a client generated from the committed document can send a
    /// key. Without configured keys the service also takes requests with none (the empty requirement); with keys,
    /// every operation needs one and may answer 401.
    /// </summary>
    private static void DescribeApiKeys(OpenApiDocument document, bool apiKeys)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthentication.HeaderName,
            Description = "Your API key, when the service has keys configured (Auth:ApiKeys). Each key sees only the jobs it submitted.",
        };
        document.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [] },
            .. apiKeys ? Array.Empty<OpenApiSecurityRequirement>() : [new OpenApiSecurityRequirement()],
        ];
        if (!apiKeys) return;
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
        {
            operation.Responses ??= [];
            operation.Responses["401"] = new OpenApiResponse
            {
                Description = "No API key, or an unknown one.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                },
            };
        }
    }

    /// <summary>Responses by status code (metadata from the route group would otherwise come first).</summary>
    private static void SortResponses(OpenApiDocument document)
    {
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? []))
        {
            if (operation.Responses is not { } responses) continue;
            var sorted = responses.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
            responses.Clear();
            foreach (var (status, response) in sorted) responses[status] = response;
        }
    }

    private static void SortSchemas(OpenApiDocument document)
    {
        if (document.Components?.Schemas is not { } schemas) return;
        document.Components.Schemas = schemas.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToDictionary(pair => pair.Key, pair => pair.Value);
    }
}
