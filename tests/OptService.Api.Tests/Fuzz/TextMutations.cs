using System.Text;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// Hostile bodies for a line-based text format (the NRP benchmark files: <c>SECTION_*</c> headers, <c>#</c> comments,
/// comma-separated data lines) and absurd values for the route's documented query parameters.
/// </summary>
internal sealed class TextMutations(Random random, IReadOnlyList<(string Name, byte[] Body)> seeds, string contentType, IReadOnlyList<string> queryParameters) : IBodyMutations
{
    private const int TenMegabytes = 10_000_000;

    private readonly List<(string Name, string[] Lines)> _seeds =
        seeds.Select(s => (s.Name, Encoding.UTF8.GetString(s.Body).Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))).ToList();

    public byte[] ValidBody => seeds[0].Body;

    public IEnumerable<FuzzCase> Catalogue()
    {
        var (_, lines) = _seeds[0];
        var text = string.Join('\n', lines);
        var valid = ValidBody;
        var headers = HeaderIndexes(lines);
        var data = DataIndexes(lines);
        yield return Case("empty body", []);
        yield return Case("whitespace only", " \n\n\t\n"u8.ToArray());
        yield return Case("comments only", "# a\n# b\n"u8.ToArray());
        yield return Case("UTF-8 BOM", [0xEF, 0xBB, 0xBF, .. valid]);
        yield return Case("CRLF line ends", Encoding.UTF8.GetBytes(text.Replace("\n", "\r\n", StringComparison.Ordinal)));
        yield return Case("CR-only line ends", Encoding.UTF8.GetBytes(text.Replace('\n', '\r')));
        yield return Case("tabs and spaces around fields", Encoding.UTF8.GetBytes(text.Replace(",", " ,\t", StringComparison.Ordinal)));
        yield return Case("UTF-16LE with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        yield return Case("JSON instead of text", "{\"horizonDays\": 7}"u8.ToArray());
        yield return Case("NUL bytes", Encoding.UTF8.GetBytes(text.Replace(",", ",\0", StringComparison.Ordinal)));
        foreach (var (name, bytes) in new (string, byte[])[] { ("0xFF", [0xFF]), ("overlong '/'", [0xC0, 0xAF]), ("UTF-8-encoded surrogate", [0xED, 0xA0, 0x80]) })
        {
            var at = text.IndexOf(',', StringComparison.Ordinal);
            if (at < 0) at = Math.Max(0, text.IndexOf(' ', StringComparison.Ordinal)); // formats without commas (MPS, LP): at the first space
            yield return Case($"invalid UTF-8 ({name}) in the first id", [.. Encoding.UTF8.GetBytes(text[..at]), .. bytes, .. Encoding.UTF8.GetBytes(text[at..])]);
        }
        foreach (var header in headers)
        {
            yield return Case($"{lines[header]} removed", Lines(lines.Where((_, i) => i != header)));
            yield return Case($"{lines[header]} twice", Lines(lines.Take(header + 1).Append(lines[header]).Concat(lines.Skip(header + 1))));
            yield return Case($"{lines[header]} misspelt", Lines(lines.Select((l, i) => i == header ? l + "X" : l)));
        }
        yield return Case("sections in reverse order", Lines(Sections(lines).Reverse().SelectMany(s => s)));
        yield return Case("data before the first section", Lines(lines.Where(l => !l.StartsWith("SECTION_", StringComparison.Ordinal)).Take(3).Concat(lines)));

        yield return Case("10 MB comment line (valid)", Encoding.UTF8.GetBytes("#" + new string('c', TenMegabytes) + "\n" + text));
        foreach (var oversized in Oversized()) yield return oversized;
        yield return Case("1,000,000 empty lines", Encoding.UTF8.GetBytes(text + new string('\n', 1_000_000)));

        // query parameters: every documented one with every absurd value, repeated, unknown ones
        foreach (var parameter in queryParameters)
        {
            foreach (var value in HostileValues.QueryValues)
                yield return Case($"?{parameter}={Clip(value)}", valid) with { Query = $"?{parameter}={value}" };
            yield return Case($"?{parameter} without a value", valid) with { Query = $"?{parameter}" };
            yield return Case($"?{parameter} twice", valid) with { Query = $"?{parameter}=1&{parameter}=2" };
        }
        yield return Case("unknown query parameter", valid) with { Query = "?foo=1" };
        yield return Case("200 unknown query parameters", valid) with { Query = "?" + string.Join('&', Enumerable.Range(0, 200).Select(i => $"p{i}={i}")) };
        yield return Case("4000-character parameter name", valid) with { Query = "?" + new string('p', 4000) + "=1" };
        yield return Case("query of only separators", valid) with { Query = "?&&&=&=" };
    }

    public IEnumerable<FuzzCase> Oversized()
    {
        var (_, lines) = _seeds[0];
        var data = DataIndexes(lines);
        yield return Expect400("one 10 MB line", Encoding.UTF8.GetBytes(new string('x', TenMegabytes)));
        foreach (var index in data.Take(4).Skip(1))
        {
            var fields = lines[index].Split(',');
            fields[0] = new string('I', TenMegabytes);
            yield return Expect400($"10 MB id on line {index + 1}", Lines(lines.Select((l, i) => i == index ? string.Join(',', fields) : l)));
        }
        yield return Expect400("10,000 fields on one line", Lines(lines.Select((l, i) => i == data[1] ? l + string.Concat(Enumerable.Repeat(",1", 10_000)) : l)));
        // many lines: the last data line (cover) repeated until the body is ~8 MB
        var last = lines[data[^1]];
        var copies = 8_000_000 / (last.Length + 1);
        yield return Expect400($"{copies:N0} copies of the last line", Lines(lines.Concat(Enumerable.Repeat(last, copies))));
    }

    public IEnumerable<FuzzCase> EveryField()
    {
        foreach (var (seedName, lines) in _seeds)
        {
            // One data line per section (chosen at random), each of its fields with every hostile value.
            foreach (var section in Sections(lines))
            {
                var dataLines = section.Select((l, i) => (l, i)).Where(x => IsData(x.l)).ToList();
                if (dataLines.Count == 0) continue;
                var chosen = dataLines[random.Next(dataLines.Count)].l;
                var index = Array.IndexOf(lines, chosen);
                var fields = chosen.Split(',');
                for (var f = 0; f < fields.Length; f++)
                {
                    foreach (var value in HostileValues.TextFields)
                    {
                        var mutated = (string[])fields.Clone();
                        mutated[f] = value;
                        yield return Case($"{seedName} line {index + 1} field {f + 1} = {Clip(value)}",
                            Lines(lines.Select((l, i) => i == index ? string.Join(',', mutated) : l)));
                    }
                }
                yield return Case($"{seedName} line {index + 1} with a field too many", Lines(lines.Select((l, i) => i == index ? l + ",1" : l)));
                yield return Case($"{seedName} line {index + 1} with a field too few", Lines(lines.Select((l, i) => i == index ? string.Join(',', fields[..^1]) : l)));
                yield return Case($"{seedName} line {index + 1} twice", Lines(lines.Take(index + 1).Append(chosen).Concat(lines.Skip(index + 1))));
            }
        }
    }

    public FuzzCase Random()
    {
        var (seedName, lines) = _seeds[random.Next(_seeds.Count)];
        var data = DataIndexes(lines);
        var index = data[random.Next(data.Count)];
        var mutated = (string[])lines.Clone();
        string name;
        switch (random.Next(100))
        {
            case < 45:
                var fields = mutated[index].Split(',');
                var field = random.Next(fields.Length);
                fields[field] = HostileValues.TextFields[random.Next(HostileValues.TextFields.Count)];
                mutated[index] = string.Join(',', fields);
                name = $"line {index + 1} field {field + 1} = {Clip(fields[field])}";
                break;
            case < 55:
                var other = random.Next(mutated.Length);
                (mutated[index], mutated[other]) = (mutated[other], mutated[index]);
                name = $"lines {index + 1} and {other + 1} swapped";
                break;
            case < 65 when HeaderIndexes(lines).Count > 0:
                var headers = HeaderIndexes(lines);
                var header = headers[random.Next(headers.Count)];
                mutated[index] = lines[header];
                name = $"line {index + 1} replaced by {lines[header]}";
                break;
            case < 80:
                var body = Lines(mutated);
                var at = random.Next(body.Length);
                return WithRandomQuery(Case($"random {seedName}: truncated at byte {at}", body[..at]));
            default:
                var bytes = Lines(mutated);
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++)
                    bytes[random.Next(bytes.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : HostileValues.Bytes[random.Next(HostileValues.Bytes.Count)];
                return WithRandomQuery(Case($"random {seedName}: {flips} bytes flipped", bytes));
        }
        return WithRandomQuery(Case($"random {seedName}: {name}", Lines(mutated)));
    }

    /// <summary>A third of the random cases also carry one documented parameter with an absurd value.</summary>
    private FuzzCase WithRandomQuery(FuzzCase fuzzCase)
    {
        if (queryParameters.Count == 0 || random.Next(3) != 0) return fuzzCase;
        var parameter = queryParameters[random.Next(queryParameters.Count)];
        var value = HostileValues.QueryValues[random.Next(HostileValues.QueryValues.Count)];
        return fuzzCase with { Name = $"{fuzzCase.Name}, ?{parameter}={Clip(value)}", Query = $"?{parameter}={value}" };
    }

    private FuzzCase Case(string name, byte[] body) => new(name, body) { ContentType = contentType };

    private FuzzCase Expect400(string name, byte[] body) => Case(name, body) with { ExpectedStatus = 400 };

    private static byte[] Lines(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join('\n', lines));

    private static bool IsData(string line) => line.Trim().Length > 0 && !line.StartsWith('#') && !line.StartsWith("SECTION_", StringComparison.Ordinal);

    private static List<int> DataIndexes(string[] lines) => Enumerable.Range(0, lines.Length).Where(i => IsData(lines[i])).ToList();

    /// <summary>Section headers: NRP's <c>SECTION_…</c>, MPS's <c>ROWS</c>/<c>COLUMNS</c>/…, LP's <c>Subject To</c>/<c>Bounds</c>/… (a seed may have none).</summary>
    private static List<int> HeaderIndexes(string[] lines) =>
        Enumerable.Range(0, lines.Length)
            .Where(i => lines[i].StartsWith("SECTION_", StringComparison.Ordinal)
                        || (lines[i].Length > 0 && char.IsAsciiLetter(lines[i][0]) && lines[i].All(c => char.IsAsciiLetter(c) || c == ' ')))
            .ToList();

    /// <summary>The lines split at each header, each part starting with its header (the part before the first may be empty).</summary>
    private static IEnumerable<List<string>> Sections(string[] lines)
    {
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith("SECTION_", StringComparison.Ordinal) && current.Count > 0)
            {
                yield return current;
                current = [];
            }
            current.Add(line);
        }
        yield return current;
    }

    private static string Clip(string text) => text.Length <= 24 ? text : text[..20] + $"…({text.Length})";
}
