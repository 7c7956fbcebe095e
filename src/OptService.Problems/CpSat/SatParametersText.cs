using System.Collections;
using System.Globalization;
using System.Text;
using Google.OrTools.Sat;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace OptService.Problems.CpSat;

/// <summary>
/// Protobuf text format for <see cref="SatParameters"/> (<c>num_workers:4 subsolvers:"core"</c>), both ways.
/// CP-SAT reads its parameters only as text, and a text it cannot parse stops the whole process (a CHECK in
/// OR-Tools' native code), so the text a user sends is parsed here, rejected with line and column when it is wrong,
/// and CP-SAT only ever sees text printed by <see cref="Format"/>. Google.Protobuf for .NET has no text format.
/// </summary>
internal static class SatParametersText
{
    /// <summary>Parses a text-format message; on failure returns null and says where and why.</summary>
    public static SatParameters? Parse(string text, out string? error)
    {
        var parameters = new SatParameters();
        try
        {
            new Reader(text).ReadFields(parameters, end: null);
            error = null;
            return parameters;
        }
        catch (TextFormatError failure)
        {
            error = failure.Message;
            return null;
        }
    }

    /// <summary>The fields that are set, one <c>name: value</c> each, in field-number order.</summary>
    public static string Format(IMessage message)
    {
        var text = new StringBuilder();
        Write(message, text);
        return text.ToString().TrimEnd();
    }

    private static void Write(IMessage message, StringBuilder text)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.IsRepeated)
            {
                foreach (var item in (IList)field.Accessor.GetValue(message)) WriteField(field, item, text);
            }
            else if (field.Accessor.HasValue(message)) WriteField(field, field.Accessor.GetValue(message), text);
        }
    }

    private static void WriteField(FieldDescriptor field, object value, StringBuilder text)
    {
        if (field.FieldType == FieldType.Message)
        {
            text.Append(field.Name).Append(" { ");
            Write((IMessage)value, text);
            text.Append("} ");
            return;
        }
        text.Append(field.Name).Append(':').Append(field.FieldType switch
        {
            FieldType.Bool => (bool)value ? "true" : "false",
            FieldType.String => Quote((string)value),
            FieldType.Enum => field.EnumType.FindValueByNumber(Convert.ToInt32(value, CultureInfo.InvariantCulture))?.Name
                              ?? Convert.ToInt32(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            FieldType.Double => Real((double)value),
            FieldType.Float => Real((float)value),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        }).Append(' ');
    }

    private static string Real(double value) =>
        double.IsNaN(value) ? "nan" : double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A C-style quoted string; every byte outside printable ASCII as an octal escape of its UTF-8.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b == '"' || b == '\\') quoted.Append('\\').Append((char)b);
            else if (b is >= 0x20 and < 0x7F) quoted.Append((char)b);
            else quoted.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
        }
        return quoted.Append('"').ToString();
    }

    private sealed class TextFormatError(string message) : Exception(message);

    /// <summary>A recursive-descent reader over the text; positions are 1-based line and column.</summary>
    private sealed class Reader(string text)
    {
        private int _at;

        public void ReadFields(IMessage message, char? end)
        {
            var setOnce = new HashSet<int>();
            while (true)
            {
                SkipBlank();
                if (_at >= text.Length)
                {
                    if (end is not null) throw Error($"expected '{end}' before the end of the text");
                    return;
                }
                if (end is not null && text[_at] == end)
                {
                    _at++;
                    return;
                }
                var start = _at;
                var name = Identifier() ?? throw Error($"expected a field name, found {Found()}");
                var field = message.Descriptor.FindFieldByName(name)
                    ?? throw Error($"{message.Descriptor.Name} has no field named '{name}'", start);
                if (!field.IsRepeated && !setOnce.Add(field.FieldNumber))
                    throw Error($"the field '{name}' is given twice", start);
                SkipBlank();
                var colon = Take(':');
                SkipBlank();
                if (field.FieldType == FieldType.Message)
                {
                    var open = Peek();
                    if (open is not ('{' or '<')) throw Error($"expected '{{' to open the message '{name}', found {Found()}");
                    _at++;
                    var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                    ReadFields(nested, open == '{' ? '}' : '>');
                    Store(message, field, nested);
                }
                else
                {
                    if (!colon) throw Error($"expected ':' after '{name}', found {Found()}");
                    if (Peek() == '[' && field.IsRepeated)
                    {
                        _at++;
                        SkipBlank();
                        if (!Take(']'))
                        {
                            while (true)
                            {
                                Store(message, field, Scalar(field));
                                SkipBlank();
                                if (Take(']')) break;
                                if (!Take(',')) throw Error($"expected ',' or ']' in the list of '{name}', found {Found()}");
                                SkipBlank();
                            }
                        }
                    }
                    else Store(message, field, Scalar(field));
                }
                SkipBlank();
                if (!Take(',')) Take(';');
            }
        }

        private static void Store(IMessage message, FieldDescriptor field, object value)
        {
            if (field.IsRepeated) ((IList)field.Accessor.GetValue(message)).Add(value);
            else field.Accessor.SetValue(message, value);
        }

        private object Scalar(FieldDescriptor field)
        {
            var start = _at;
            var name = field.Name;
            switch (field.FieldType)
            {
                case FieldType.String:
                    return QuotedStrings() ?? throw Error($"expected a quoted string for '{name}', found {Found()}", start);
                case FieldType.Bool:
                    return Token() switch
                    {
                        "true" or "True" or "t" or "1" => true,
                        "false" or "False" or "f" or "0" => false,
                        _ => throw Error($"expected true or false for '{name}'", start),
                    };
                case FieldType.Enum:
                {
                    var token = Token();
                    var value = field.EnumType.FindValueByName(token ?? "")?.Number
                        ?? (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && field.EnumType.FindValueByNumber(number) is not null
                            ? number
                            : throw Error($"expected one of {string.Join(", ", field.EnumType.Values.Select(v => v.Name))} for '{name}'", start));
                    return System.Enum.ToObject(field.EnumType.ClrType, value);
                }
                case FieldType.Double or FieldType.Float:
                {
                    var token = Token() ?? "";
                    var body = token.TrimStart('-').ToLowerInvariant();
                    var negative = token.StartsWith('-');
                    double value = body switch
                    {
                        "inf" or "infinity" => negative ? double.NegativeInfinity : double.PositiveInfinity,
                        "nan" => double.NaN,
                        _ when double.TryParse(token.TrimEnd('f', 'F'), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                        _ => throw Error($"expected a number for '{name}'", start),
                    };
                    return field.FieldType == FieldType.Float ? (object)(float)value : value;
                }
                default:
                {
                    var token = Token() ?? "";
                    object? value = field.FieldType switch
                    {
                        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null,
                        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : null,
                        FieldType.UInt32 or FieldType.Fixed32 => uint.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : null,
                        FieldType.UInt64 or FieldType.Fixed64 => ulong.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var ul) ? ul : null,
                        _ => null,
                    };
                    return value ?? throw Error($"expected a whole number in range for '{name}' ({field.FieldType.ToString().ToLowerInvariant()})", start);
                }
            }
        }

        /// <summary>One or more adjacent quoted strings (they concatenate), with C escapes; null when none starts here.</summary>
        private string? QuotedStrings()
        {
            if (Peek() is not ('"' or '\'')) return null;
            var bytes = new List<byte>();
            while (Peek() is '"' or '\'')
            {
                var quote = text[_at++];
                while (true)
                {
                    if (_at >= text.Length || text[_at] == '\n') throw Error("the string is not closed");
                    var c = text[_at++];
                    if (c == quote) break;
                    if (c != '\\')
                    {
                        bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
                        continue;
                    }
                    if (_at >= text.Length) throw Error("the string is not closed");
                    var e = text[_at++];
                    switch (e)
                    {
                        case 'n': bytes.Add((byte)'\n'); break;
                        case 't': bytes.Add((byte)'\t'); break;
                        case 'r': bytes.Add((byte)'\r'); break;
                        case 'a': bytes.Add(7); break;
                        case 'b': bytes.Add(8); break;
                        case 'f': bytes.Add(12); break;
                        case 'v': bytes.Add(11); break;
                        case '\\' or '\'' or '"' or '?': bytes.Add((byte)e); break;
                        case >= '0' and <= '7':
                        {
                            var value = e - '0';
                            for (var k = 0; k < 2 && Peek() is >= '0' and <= '7'; k++) value = value * 8 + (text[_at++] - '0');
                            if (value > 255) throw Error("octal escape above \\377");
                            bytes.Add((byte)value);
                            break;
                        }
                        case 'x':
                        {
                            var digits = 0;
                            var value = 0;
                            while (digits < 2 && _at < text.Length && Uri.IsHexDigit(text[_at])) { value = value * 16 + Convert.ToInt32(text[_at++].ToString(), 16); digits++; }
                            if (digits == 0) throw Error("\\x without hex digits");
                            bytes.Add((byte)value);
                            break;
                        }
                        default: throw Error($"unknown escape '\\{e}'");
                    }
                }
                SkipBlank();
            }
            try
            {
                return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.ToArray());
            }
            catch (DecoderFallbackException)
            {
                throw Error("the string's escapes are not valid UTF-8");
            }
        }

        /// <summary>A bare token: identifier, number or signed word such as <c>-inf</c>; null at a symbol.</summary>
        private string? Token()
        {
            var start = _at;
            if (Peek() is '-' or '+') _at++;
            var numeric = _at < text.Length && (char.IsAsciiDigit(text[_at]) || text[_at] == '.');
            while (_at < text.Length)
            {
                var c = text[_at];
                // A sign inside a token only as an exponent's: 1e-5.
                if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' || (numeric && c is '+' or '-' && text[_at - 1] is 'e' or 'E')) _at++;
                else break;
            }
            return _at > start ? text[start.._at] : null;
        }

        private string? Identifier()
        {
            if (_at >= text.Length || !(char.IsAsciiLetter(text[_at]) || text[_at] == '_')) return null;
            var start = _at;
            while (_at < text.Length && (char.IsAsciiLetterOrDigit(text[_at]) || text[_at] == '_')) _at++;
            return text[start.._at];
        }

        private void SkipBlank()
        {
            while (_at < text.Length)
            {
                if (char.IsWhiteSpace(text[_at])) _at++;
                else if (text[_at] == '#') while (_at < text.Length && text[_at] != '\n') _at++;
                else break;
            }
        }

        private char? Peek() => _at < text.Length ? text[_at] : null;

        private bool Take(char c)
        {
            if (Peek() != c) return false;
            _at++;
            return true;
        }

        private string Found() => _at >= text.Length ? "the end of the text" : $"'{(char.IsControl(text[_at]) ? ' ' : text[_at])}'";

        private TextFormatError Error(string reason, int? at = null)
        {
            var position = Math.Min(at ?? _at, text.Length);
            var line = 1 + text.AsSpan(0, position).Count('\n');
            var lineStart = position == 0 ? 0 : text.LastIndexOf('\n', position - 1) + 1;
            var column = position - lineStart + 1;
            return new TextFormatError(string.Create(CultureInfo.InvariantCulture, $"line {line}, column {column}: {reason}"));
        }
    }
}
