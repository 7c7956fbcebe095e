using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using OptService.Api.Access;
using OptService.Api.JobsApi;

namespace OptService.Api.Hosting;

/// <summary>OpenAPI document at <c>/openapi/v1.json</c> and Swagger UI at <c>/swagger</c>, with each kind's example body prefilled.</summary>
internal static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services, bool apiKeys)
    {
        services.AddOpenApi(options =>
        {
            // With API keys on, Swagger UI's Authorize button takes the key and sends it as X-Api-Key.
            if (apiKeys) options.AddDocumentTransformer((document, _, _) =>
            {
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthentication.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthentication.HeaderName,
                    Description = "Your API key. Each key sees only the jobs it submitted.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthentication.SchemeName, document)] = [],
                });
                return Task.CompletedTask;
            });
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "OptService";
                document.Info.Description =
                    "Submit optimization problems as JSON; each becomes a background job with status, result, logs and files. " +
                    "Try POST /api/v1/jobs/transshipment with the prefilled example, then GET /api/v1/jobs/{id}?waitSeconds=10.";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<RequestExample>().FirstOrDefault() is { } example && operation.RequestBody?.Content is { } content)
                {
                    foreach (var (type, media) in content)
                    {
                        media.Example = type.Contains("json", StringComparison.OrdinalIgnoreCase)
                            ? JsonNode.Parse(example.Body)
                            : JsonValue.Create(example.Body);
                    }
                }
                if (metadata.OfType<QueryParameterDocs>().FirstOrDefault() is { } query)
                {
                    operation.Parameters ??= [];
                    foreach (var (name, description) in query.Parameters)
                    {
                        operation.Parameters.Add(new OpenApiParameter
                        {
                            Name = name, In = ParameterLocation.Query, Required = false, Description = description,
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        });
                    }
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapApiDocumentation(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseSwaggerUI(ui =>
        {
            ui.SwaggerEndpoint("/openapi/v1.json", "OptService v1");
            ui.RoutePrefix = "swagger";
            ui.DocumentTitle = "OptService API";
        });
        return app;
    }
}
