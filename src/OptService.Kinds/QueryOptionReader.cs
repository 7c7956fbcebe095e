using System.Globalization;

namespace OptService.Kinds;

/// <summary>
/// Reads the options of a text or binary input format from its query parameters, each error naming the
/// parameter: shared by every format, so that a bad value reads the same on every route.
/// </summary>
public static class QueryOptionReader
{
    /// <summary>One error per query parameter the format does not document, listing the ones it does.</summary>
    public static void RejectUnknown(IReadOnlyDictionary<string, string> query, IReadOnlyList<QueryParameter> parameters, List<FieldError> errors)
    {
        foreach (var key in query.Keys.Where(key => !parameters.Any(parameter => parameter.Name == key)))
            errors.Add(new FieldError(key, "unknown query parameter; use " + string.Join(", ", parameters.Select(parameter => parameter.Name))));
    }

    public static int? ReadInt(IReadOnlyDictionary<string, string> query, string name, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var text)) return null;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        errors.Add(new FieldError(name, $"\"{text}\" is not an integer"));
        return null;
    }

    public static double? ReadDouble(IReadOnlyDictionary<string, string> query, string name, List<FieldError> errors)
    {
        if (!query.TryGetValue(name, out var text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        errors.Add(new FieldError(name, $"\"{text}\" is not a number"));
        return null;
    }
}
