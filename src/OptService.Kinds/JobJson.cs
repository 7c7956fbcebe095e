using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptService.Kinds;

/// <summary>The one JSON dialect of the service: camelCase, enums as camelCase strings, strict numbers,
/// unknown fields rejected (a typo such as <c>suply</c> must not silently become 0).</summary>
public static class JobJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowDuplicateProperties = false,
            MaxDepth = 64,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Turns a deserialization failure into a field error a user can act on (see <see cref="JsonErrorText"/>).</summary>
    public static FieldError ToFieldError(JsonException exception, Type problemType) => JsonErrorText.ToFieldError(exception, problemType);
}
