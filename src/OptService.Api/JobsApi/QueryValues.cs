using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace OptService.Api.JobsApi;

/// <summary>
/// Query values, parsed by the handlers instead of by parameter binding: binding answered an unparseable value
/// (<c>waitSeconds=abc</c>, <c>afterSeq=99999999999999999999</c>) with a bare 400 that named nothing, and read
/// numbers with a thousands separator (<c>waitSeconds=6,0</c> was 60). Here numbers are culture-invariant and
/// strict: digits, an optional minus sign and, for decimals, one decimal point; no separators, exponents, spaces
/// or hex; an empty value (<c>?limit=</c>) is not a number either. Every rejection is a 400 naming the parameter and what it expects.
/// </summary>
internal static class QueryValues
{
    private const int MaxEchoedValue = 40;

    public static (long? Value, ValidationProblem? Error) WholeNumber(string name, string? text, long min, long max)
    {
        if (text is null) return (null, null);
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (null, Problems.InvalidParameter(name, $"expected a whole number from {min} to {max}, got '{Clip(text)}'"));
    }

    public static (double? Value, ValidationProblem? Error) Number(string name, string? text, double min, double max)
    {
        if (text is null) return (null, null);
        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
               && double.IsFinite(value) && value >= min && value <= max
            ? (value, null)
            : (null, Problems.InvalidParameter(name, string.Create(CultureInfo.InvariantCulture,
                $"expected a number from {min} to {max} with '.' as the decimal point (e.g. 2.5), got '{Clip(text)}'")));
    }

    public static (bool? Value, ValidationProblem? Error) Boolean(string name, string? text)
    {
        if (text is null) return (null, null);
        return bool.TryParse(text, out var value) && !text.Contains(' ', StringComparison.Ordinal)
            ? (value, null)
            : (null, Problems.InvalidParameter(name, $"expected true or false, got '{Clip(text)}'"));
    }

    private static string Clip(string text) => text.Length <= MaxEchoedValue ? text : text[..MaxEchoedValue] + "…";
}
