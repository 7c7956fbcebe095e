using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OptService.Kinds;

/// <summary>
/// Turns a System.Text.Json failure into a field error in the user's terms. The serializer's own messages name .NET
/// types (<c>System.Nullable`1[System.Int32]</c>, <c>OptService.Problems...TransshipmentProblem</c>) and echo
/// property names of any length; the reason here says what JSON was expected instead, from the contract's metadata,
/// and the path is clipped.
/// </summary>
internal static class JsonErrorText
{
    private const int MaxPathLength = 200;

    public static FieldError ToFieldError(JsonException exception, Type root)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var reason = Reason(exception, root, path);
        if (exception.LineNumber is { } line)
            reason += string.Create(CultureInfo.InvariantCulture, $" (line {line + 1}, byte {exception.BytePositionInLine + 1})");
        return new FieldError(Clip(path, MaxPathLength), reason);
    }

    private static string Reason(JsonException exception, Type root, string path)
    {
        var message = exception.Message;
        if (message.StartsWith("The JSON value could not be converted to ", StringComparison.Ordinal))
        {
            return exception.InnerException?.Message.Contains("UTF-", StringComparison.Ordinal) == true
                ? "the text is not valid UTF-8 or contains a lone surrogate escape"
                : "expected " + Describe(TypeAt(root, path));
        }
        if (message.StartsWith("The JSON property ", StringComparison.Ordinal))
            return TypeAt(root, Parent(path)) is { } parent && FieldNames(parent) is { Count: > 0 } names
                ? "unknown field; the fields here are " + string.Join(", ", names)
                : "unknown field";
        if (message.StartsWith("JSON deserialization for type ", StringComparison.Ordinal))
        {
            var list = message[(message.IndexOf("including: ", StringComparison.Ordinal) + "including: ".Length)..].TrimEnd('.');
            return "missing required field(s): " + list.Replace("'", "", StringComparison.Ordinal);
        }
        if (message.StartsWith("Duplicate propert", StringComparison.Ordinal))
            return "the field is given twice";

        // What is left are the reader's syntax errors ("'N' is an invalid start of a value."), which name no type.
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        return message.Contains("System.", StringComparison.Ordinal) || message.Contains("OptService.", StringComparison.Ordinal)
            ? "invalid JSON value"
            : Clip(message, MaxPathLength);
    }

    /// <summary>The .NET type a JSON path such as <c>$.arcs[3].cost</c> deserializes into, or null if it leads nowhere.</summary>
    private static Type? TypeAt(Type root, string path)
    {
        Type? type = root;
        foreach (var segment in Segments(path))
        {
            if (type is null) return null;
            var info = JobJson.Options.GetTypeInfo(type);
            type = info.Kind switch
            {
                JsonTypeInfoKind.Object when segment is string name => info.Properties
                    .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType,
                JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary => info.ElementType,
                _ => null,
            };
            if (type is not null) type = Nullable.GetUnderlyingType(type) ?? type;
        }
        return type;
    }

    private static string Describe(Type? type)
    {
        if (type is null) return "a value of another type";
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int)) return "a whole number from -2147483648 to 2147483647";
        if (type == typeof(long)) return "a whole number from -9223372036854775808 to 9223372036854775807";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type.IsEnum)
            return "one of " + string.Join(", ", Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, JobJson.Options)));
        return JobJson.Options.GetTypeInfo(type).Kind switch
        {
            JsonTypeInfoKind.Enumerable => "an array",
            JsonTypeInfoKind.Dictionary => "an object",
            JsonTypeInfoKind.Object => "an object" + (FieldNames(type) is { Count: > 0 } names ? " with fields " + string.Join(", ", names) : ""),
            _ => "a value of another type",
        };
    }

    private static List<string> FieldNames(Type type)
    {
        var info = JobJson.Options.GetTypeInfo(type);
        return info.Kind == JsonTypeInfoKind.Object ? info.Properties.Select(p => p.Name).ToList() : [];
    }

    /// <summary>"$.a.b[2]['c d']" → a, b, 2, "c d". Indexes come back as int.</summary>
    private static IEnumerable<object> Segments(string path)
    {
        var i = 1; // after '$'
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                if (end < 0) end = path.Length;
                yield return path[(i + 1)..end];
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['", StringComparison.Ordinal))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                if (end < 0) yield break;
                yield return path[(i + 2)..end];
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                if (end < 0 || !int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)) yield break;
                yield return index;
                i = end + 1;
            }
            else yield break;
        }
    }

    private static string Parent(string path)
    {
        var segments = Segments(path).ToList();
        return "$" + string.Concat(segments.Take(segments.Count - 1).Select(s => s is int i ? $"[{i}]" : $"['{s}']"));
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
