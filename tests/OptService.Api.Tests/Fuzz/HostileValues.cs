namespace OptService.Api.Tests.Fuzz;

/// <summary>The values a fuzz case puts where a valid one was: every JSON type, numbers at and past every limit, bad literals.</summary>
internal static class HostileValues
{
    private static readonly string LongDigits = "1" + new string('0', 400);

    /// <summary>Raw JSON text (some deliberately not valid JSON) that replaces a field's value.</summary>
    public static IReadOnlyList<string> Json { get; } =
    [
        // wrong types
        "null", "true", "false", "[]", "[null]", "[1,2,3]", "[\"a\"]", "{}", "{\"a\":1}", "[[[[[[]]]]]]", "{\"\":{}}",
        "\"\"", "\"   \"", "\"x\"", "\"12\"", "\"true\"", "\"null\"", "\"{}\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u202e\\u0301é日本\"",
        "\"" + new string('x', 1000) + "\"",
        // NaN and infinities as strings, as (invalid) literals
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "NaN", "Infinity", "-Infinity", "nan", "undefined", "True",
        // numbers at and past every limit
        "0", "-0", "-0.0", "-1", "1.5", "0.1", "1E+2", "1e308", "-1e308", "1.7976931348623157e308", "1e400", "-1e400",
        "4.9e-324", "1e-400", "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "18446744073709551616", LongDigits, "-" + LongDigits, "0." + new string('0', 400) + "1",
        // not JSON numbers at all
        "01", "+1", ".5", "1.", "0x10", "1e", "--1",
    ];

    /// <summary>Replacements for one comma-separated field of a text format line.</summary>
    public static IReadOnlyList<string> TextFields { get; } =
    [
        "", " ", "-1", "0", "-0", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e3", "1.5", "NaN",
        "Infinity", "x", "D=", "=1", "|", "||", "D=1|D=1", "D=-1", "D=2147483648", "\0", "é日本", "#", "SECTION_HORIZON",
        new string('x', 1000), ",,,,", "\t", "\"D\"",
    ];

    /// <summary>Values for a documented query parameter.</summary>
    public static IReadOnlyList<string> QueryValues { get; } =
    [
        "", "0", "-1", "-0", "1e400", "-1e400", "1e308", "NaN", "Infinity", "-Infinity", "nan", "2147483648", "-2147483649",
        "9223372036854775808", "99999999999999999999999", "0x10", "1,5", "1.5", "%00", "%FF", "%C0%AF", "abc", "true",
        "1%20", "%201", "+1", "1e-400", "5e-324", "1" + new string('0', 300), new string('9', 4000),
    ];

    /// <summary>Bytes a byte-flip writes: structural characters, NUL, and bytes that are never valid UTF-8.</summary>
    public static IReadOnlyList<byte> Bytes { get; } = "{}[]\":,\\-.e0 \n"u8.ToArray().Concat(new byte[] { 0x00, 0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xEF, 0xBB, 0xBF }).ToArray();
}
