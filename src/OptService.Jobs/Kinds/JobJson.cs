using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptService.Jobs.Kinds;

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

    /// <summary>Turns a deserialization failure into a field error a user can act on.</summary>
    public static FieldError ToFieldError(JsonException exception)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var message = exception.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        if (exception.LineNumber is { } line)
            message += $" (line {line + 1}, byte {exception.BytePositionInLine + 1})";
        return new FieldError(path, message);
    }
}
