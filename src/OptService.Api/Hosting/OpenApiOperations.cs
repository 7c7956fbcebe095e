using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using OptService.Api.JobsApi;
using OptService.Jobs;
using OptService.Kinds;

namespace OptService.Api.Hosting;

/// <summary>Operation rules: what the endpoint metadata (JobsApi/EndpointDocs.cs) says, in the document.</summary>
internal static class OpenApiOperations
{
    public static Task Describe(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken _)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<RequestExample>().FirstOrDefault() is { } example) PrefillExample(operation, example);
        foreach (var query in metadata.OfType<QueryParameterDocs>())
        {
            foreach (var parameter in query.Parameters) SetParameter(operation, ParameterLocation.Query, parameter.Name, parameter.Description, SchemaOf(parameter));
        }
        foreach (var header in metadata.OfType<HeaderParameterDocs>())
        {
            SetParameter(operation, ParameterLocation.Header, header.Name, header.Description,
                new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = header.MaxLength, Pattern = header.Pattern });
        }
        if (metadata.OfType<ResultOfAnyKind>().Any()) DescribeAnyKindResult(operation, context);
        if (metadata.OfType<FileDownload>().Any()) DescribeFile(operation);
        DescribeJobId(operation);
        DescribeResponseHeaders(operation);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The kind-free <c>/result</c> and <c>/incumbent</c> answer whichever kind the job is. Results carry no common
    /// discriminator field, and generators turn an undiscriminated <c>oneOf</c> into a wrapper they cannot fill (Kiota
    /// warns "will result in serialization errors" and returns it empty), so these say "a JSON object" and name the
    /// schemas; the per-kind routes (<c>/api/v1/jobs/{kind}/{id}/result</c>) give the same answer typed.
    /// </summary>
    private static void DescribeAnyKindResult(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var kinds = context.ApplicationServices.GetRequiredService<ProblemKindCatalog>();
        var json = context.ApplicationServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var schemas = kinds.All.OrderBy(kind => kind.Name, StringComparer.Ordinal)
            .Select(kind => $"{kind.Name}: {OpenApiOptions.CreateDefaultSchemaReferenceId(json.GetTypeInfo(kind.ResultType))}");
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = $"The job's result in its kind's schema ({string.Join(", ", schemas)}). " +
                          "For a typed answer read GET /api/v1/jobs/{kind}/{id}/... instead.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
            },
        };
    }

    /// <summary>Swagger UI's "Try it out" starts from a working body.</summary>
    private static void PrefillExample(OpenApiOperation operation, RequestExample example)
    {
        if (operation.RequestBody?.Content is not { } content) return;
        foreach (var (type, media) in content)
        {
            media.Example = type.Contains("json", StringComparison.OrdinalIgnoreCase)
                ? JsonNode.Parse(example.Body)
                : JsonValue.Create(example.Body);
        }
    }

    /// <summary>
    /// Replaces what ASP.NET inferred from the handler's signature (or adds the parameter when the handler reads it
    /// itself): the handlers take some numbers as text to answer a clear 400, but the contract is the typed value.
    /// </summary>
    private static void SetParameter(OpenApiOperation operation, ParameterLocation location, string name, string description, OpenApiSchema schema)
    {
        operation.Parameters ??= [];
        var index = operation.Parameters.ToList().FindIndex(p => p.Name == name && p.In == location);
        var parameter = new OpenApiParameter { Name = name, In = location, Required = false, Description = description, Schema = schema };
        if (index >= 0) operation.Parameters[index] = parameter;
        else operation.Parameters.Add(parameter);
    }

    private static OpenApiSchema SchemaOf(QueryParameter parameter)
    {
        var type = Nullable.GetUnderlyingType(parameter.ValueType) ?? parameter.ValueType;
        var schema = type switch
        {
            _ when type == typeof(int) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            _ when type == typeof(long) => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" },
            _ when type == typeof(double) => new OpenApiSchema { Type = JsonSchemaType.Number, Format = "double" },
            _ when type == typeof(bool) => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            _ when type == typeof(string) => new OpenApiSchema { Type = JsonSchemaType.String },
            _ when type == typeof(Guid) => new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" },
            // Inline, with the names as the service reads them (JobJson's camelCase), so that the query parameter
            // is typed even where no body uses the enum.
            _ when type.IsEnum => new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = Enum.GetValues(type).Cast<object>().Select(value => JsonNode.Parse(JsonSerializer.Serialize(value, type, JobJson.Options))!).ToList(),
            },
            _ => throw new NotSupportedException($"query parameter {parameter.Name}: no schema for {type}"),
        };
        if (parameter.AllowedValues is { } allowed) schema.Enum = allowed.Select(value => (JsonNode)JsonValue.Create(value)).ToList();
        if (parameter.Minimum is { } minimum)
        {
            if (parameter.MinimumExclusive) schema.ExclusiveMinimum = Number(minimum);
            else schema.Minimum = Number(minimum);
        }
        if (parameter.Maximum is { } maximum) schema.Maximum = Number(maximum);
        if (parameter.Default is { } value)
            schema.Default = JsonNode.Parse(JsonSerializer.Serialize(value, value.GetType(), JobJson.Options));
        return schema;
    }

    private static void DescribeFile(OpenApiOperation operation)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == "name") is OpenApiParameter name)
            name.Description = "The file's name, as the artifact list gives it (e.g. model.lp).";
        if (operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse response) return;
        response.Description = "The file's bytes, with its own content type.";
        response.Content = new Dictionary<string, OpenApiMediaType>
        {
            ["*/*"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
        };
    }

    /// <summary>Every <c>{id}</c> in the API is a job id, a UUID (any other text answers 404, like an unknown job).</summary>
    private static void DescribeJobId(OpenApiOperation operation)
    {
        if (operation.Parameters?.FirstOrDefault(p => p.In == ParameterLocation.Path && p.Name == "id") is not OpenApiParameter id) return;
        id.Description = "The job id, as returned by the submission.";
        id.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uuid" };
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Headers a client acts on: where the new job is, and how long to wait before retrying.</summary>
    private static void DescribeResponseHeaders(OpenApiOperation operation)
    {
        if (operation.Responses is null) return;
        foreach (var (status, response) in operation.Responses)
        {
            if (response is not OpenApiResponse concrete) continue;
            if (status == "202")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Location"] = new OpenApiHeader
                {
                    Description = "The job: /api/v1/jobs/{id}.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                };
            }
            if (status is "429" or "503")
            {
                concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
                concrete.Headers["Retry-After"] = new OpenApiHeader
                {
                    Description = "Seconds to wait before retrying; nothing was created by this request.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
                };
            }
        }
    }
}
