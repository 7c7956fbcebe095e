using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>
/// Reads a protobuf message from its JSON mapping with protobuf's own parser (so that everything a protobuf client
/// writes is accepted: camelCase or proto field names, 64-bit integers as numbers or strings, enums by name or number).
/// Protobuf's parser stops at the first error and names no place; when it fails, the JSON is walked along the
/// message's descriptor to report every error with its JSON path.
/// </summary>
internal static class ProtoJsonReader
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithRecursionLimit(64));

    /// <summary>The message, or null with the errors added (each at a path under <paramref name="path"/>).</summary>
    public static T? Read<T>(JsonElement json, string path, List<FieldError> errors) where T : class, IMessage<T>, new()
    {
        var descriptor = new T().Descriptor;
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, $"expected a JSON object (a {descriptor.Name} in protobuf's JSON mapping)"));
            return null;
        }
        // The document keeps strings as raw bytes; invalid UTF-8 in one of them would only fail when it is read.
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(json);
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            errors.Add(new FieldError(path, "the text is not valid UTF-8"));
            return null;
        }
        try
        {
            // Read through a reader over the UTF-8 bytes, not GetRawText(): a large model as one UTF-16 string is
            // twice its size on the large-object heap, and 16 such submissions at once showed in the fuzz test's memory.
            using var reader = new StreamReader(new MemoryStream(raw.ToArray(), writable: false), System.Text.Encoding.UTF8);
            return Parser.Parse<T>(reader);
        }
        catch (Exception exception) when (exception is InvalidProtocolBufferException or InvalidJsonException or FormatException or OverflowException)
        {
            var found = new List<FieldError>();
            Message(json, descriptor, path, found);
            errors.AddRange(found.Count > 0 ? found : [new FieldError(path, "not a valid " + descriptor.Name + ": " + exception.Message)]);
            return null;
        }
    }

    private static void Message(JsonElement json, MessageDescriptor descriptor, string path, List<FieldError> errors)
    {
        if (json.ValueKind == JsonValueKind.Null) return;
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, $"expected an object (a {descriptor.Name} message)"));
            return;
        }
        var oneofs = new Dictionary<OneofDescriptor, string>();
        var seen = new HashSet<int>();
        foreach (var property in json.EnumerateObject())
        {
            if (errors.Count >= FieldError.MaxReported) return;
            var at = path + "." + property.Name;
            var field = descriptor.FindFieldByName(property.Name) ?? descriptor.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            if (field is null)
            {
                errors.Add(new FieldError(at, $"{descriptor.Name} has no field '{property.Name}'" + FieldList(descriptor)));
                continue;
            }
            if (!seen.Add(field.FieldNumber))
                errors.Add(new FieldError(at, $"the field {field.Name} is given twice"));
            if (property.Value.ValueKind == JsonValueKind.Null) continue;
            if (field.RealContainingOneof is { } oneof && !oneofs.TryAdd(oneof, property.Name))
                errors.Add(new FieldError(at, $"only one of the fields of '{oneof.Name}' may be set; '{oneofs[oneof]}' is set too"));
            if (field.IsMap)
            {
                if (property.Value.ValueKind != JsonValueKind.Object) errors.Add(new FieldError(at, "expected an object (a map)"));
                else foreach (var entry in property.Value.EnumerateObject()) Value(entry.Value, field.MessageType.FindFieldByNumber(2), at + "." + entry.Name, errors);
            }
            else if (field.IsRepeated)
            {
                if (property.Value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(new FieldError(at, "expected an array"));
                    continue;
                }
                var index = 0;
                foreach (var item in property.Value.EnumerateArray())
                {
                    if (errors.Count >= FieldError.MaxReported) return;
                    Value(item, field, string.Create(CultureInfo.InvariantCulture, $"{at}[{index++}]"), errors);
                }
            }
            else Value(property.Value, field, at, errors);
        }
    }

    private static void Value(JsonElement json, FieldDescriptor field, string path, List<FieldError> errors)
    {
        var reason = field.FieldType switch
        {
            FieldType.Message or FieldType.Group => null,
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Integer(json, int.MinValue, int.MaxValue, "a whole number from -2147483648 to 2147483647"),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Integer(json, long.MinValue, long.MaxValue,
                "a whole number from -9223372036854775808 to 9223372036854775807 (as a number or a string)"),
            FieldType.UInt32 or FieldType.Fixed32 => Integer(json, 0, uint.MaxValue, "a whole number from 0 to 4294967295"),
            FieldType.UInt64 or FieldType.Fixed64 => Integer(json, 0, ulong.MaxValue, "a whole number from 0 to 18446744073709551615"),
            FieldType.Bool => json.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "expected true or false",
            FieldType.String => json.ValueKind == JsonValueKind.String ? null : "expected a string",
            FieldType.Bytes => Text(json) is { } base64 && IsBase64(base64) ? null : "expected a base64 string",
            FieldType.Double or FieldType.Float => Real(json),
            FieldType.Enum => Enum(json, field.EnumType),
            _ => null,
        };
        if (field.FieldType is FieldType.Message or FieldType.Group) Message(json, field.MessageType, path, errors);
        else if (reason is not null) errors.Add(new FieldError(path, reason));
    }

    private static string? Integer(JsonElement json, decimal min, decimal max, string expected)
    {
        var text = json.ValueKind switch
        {
            JsonValueKind.Number => json.GetRawText(),
            JsonValueKind.String => Text(json),
            _ => null,
        };
        // Protobuf's JSON mapping accepts 1, "1", 1.0 and 1e3 for an integer field, nothing fractional or out of range.
        return text is not null
               && decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                   CultureInfo.InvariantCulture, out var value)
               && value == decimal.Truncate(value) && value >= min && value <= max
            ? null
            : "expected " + expected;
    }

    private static string? Real(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Number when double.IsFinite(json.GetDouble()) => null,
        JsonValueKind.String when Text(json) is "NaN" or "Infinity" or "-Infinity" => null,
        JsonValueKind.String when double.TryParse(Text(json), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) => null,
        _ => "expected a number (or \"NaN\", \"Infinity\", \"-Infinity\")",
    };

    private static string? Enum(JsonElement json, EnumDescriptor type) => json.ValueKind switch
    {
        JsonValueKind.String when Text(json) is { } name && type.FindValueByName(name) is not null => null,
        JsonValueKind.Number when json.TryGetInt32(out _) => null,
        _ => "expected one of " + string.Join(", ", type.Values.Select(v => v.Name)),
    };

    /// <summary>The string's value, or null when it is not a valid string (a lone surrogate escape such as \ud800).</summary>
    internal static string? Text(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.String) return null;
        try
        {
            return json.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _)
        || Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/').PadRight((text.Length + 3) / 4 * 4, '='), new byte[text.Length + 3], out _);

    /// <summary>The message's fields in the user's spelling, when they are few enough to list.</summary>
    private static string FieldList(MessageDescriptor descriptor) =>
        descriptor.Fields.InDeclarationOrder() is { Count: <= 40 } fields
            ? "; its fields are " + string.Join(", ", fields.Select(f => f.JsonName))
            : "; see its .proto file for the field names";
}
