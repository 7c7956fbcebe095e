using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OptService.Jobs;
using OptService.Kinds;

namespace OptService.Api.Hosting;

/// <summary>Schema rules: the document's types say what the JSON on the wire is.</summary>
internal static class OpenApiSchemas
{
    /// <summary>
    /// Enums travel as camelCase strings (<see cref="JobJson"/> and the HTTP JSON options both convert them so).
    /// ASP.NET lists the names but leaves out <c>type</c>, which Swagger UI shows as "any" and generators type
    /// as an untyped value: say <c>string</c>. A nullable enum's <c>null</c> is dropped from the list; the member
    /// that may be null says so itself (<c>oneOf: [null, $ref]</c>).
    /// </summary>
    public static Task EnumsAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum) return Task.CompletedTask;
        schema.Type = JsonSchemaType.String;
        if (schema.Enum is { } values) schema.Enum = values.Where(value => value is not null).ToList();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The kinds' problems and results are written with <see cref="JobJson"/>, which leaves out null members: a
    /// member that may be null may also be absent, so it is not <c>required</c> (a strict client would reject the
    /// answer otherwise). The service's own answers (<c>JobView</c>, ...) write nulls and keep theirs.
    /// </summary>
    public static Task AbsentWhenNull(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken _)
    {
        if (schema.Required is not { Count: > 0 } required || context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object) return Task.CompletedTask;
        var kindTypes = context.ApplicationServices.GetRequiredService<KindJsonTypes>();
        if (!kindTypes.Contains(context.JsonTypeInfo.Type)) return Task.CompletedTask;
        foreach (var property in context.JsonTypeInfo.Properties.Where(property => property.IsGetNullable))
            required.Remove(property.Name);
        return Task.CompletedTask;
    }
}

/// <summary>Every type reachable from a registered kind's problem or result type, as <see cref="JobJson"/> sees them.</summary>
internal sealed class KindJsonTypes(ProblemKindCatalog kinds)
{
    private readonly Lazy<HashSet<Type>> _types = new(() => Reachable(kinds.All.SelectMany(kind => new[] { kind.ProblemType, kind.ResultType })));

    public bool Contains(Type type) => _types.Value.Contains(type);

    private static HashSet<Type> Reachable(IEnumerable<Type> roots)
    {
        var seen = new HashSet<Type>();
        var pending = new Stack<Type>(roots);
        while (pending.TryPop(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (!seen.Add(type)) continue;
            var info = JobJson.Options.GetTypeInfo(type);
            foreach (var property in info.Properties) pending.Push(property.PropertyType);
            if (info.ElementType is { } element) pending.Push(element);
            if (info.KeyType is { } key) pending.Push(key);
        }
        return seen;
    }
}
