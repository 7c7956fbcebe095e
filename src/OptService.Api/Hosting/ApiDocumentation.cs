using System.Text.Json.Serialization;

namespace OptService.Api.Hosting;

/// <summary>
/// OpenAPI document at <c>/openapi/v1.json</c> and Swagger UI at <c>/swagger</c>. The document is the contract
/// that clients are generated from (a copy is committed as <c>openapi/v1.json</c> and a test fails when they
/// differ), so it must be complete, typed and the same on every run: the rules live in
/// <see cref="OpenApiSchemas"/> (types), <see cref="OpenApiOperations"/> (parameters, responses, examples) and
/// <see cref="OpenApiDocumentShape"/> (info, tags, security, the any-kind result routes).
/// </summary>
internal static class ApiDocumentation
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services, bool apiKeys)
    {
        // The document describes JSON as the service writes and reads it (JobJson): numbers are numbers. The web
        // defaults would also accept "12" for a number and so describe every integer as "integer or string";
        // minimal APIs bind no JSON bodies here (submissions are read raw), so this changes only the description.
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        services.AddSingleton<KindJsonTypes>();
        services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(OpenApiSchemas.EnumsAsStrings);
            options.AddSchemaTransformer(OpenApiSchemas.AbsentWhenNull);
            options.AddOperationTransformer(OpenApiOperations.Describe);
            options.AddDocumentTransformer((document, context, _) =>
            {
                OpenApiDocumentShape.Apply(document, context.ApplicationServices, apiKeys);
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
