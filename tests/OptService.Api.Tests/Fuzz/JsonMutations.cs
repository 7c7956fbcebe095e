using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// Hostile JSON bodies made from valid seeds: values replaced by every <see cref="HostileValues.Json"/> at every field,
/// fields removed, duplicated and invented, truncation, byte flips, deep nesting, 10 MB strings and huge arrays.
/// Values are spliced in as raw text (a marker string is serialized, then replaced), so that literals JSON cannot
/// hold (NaN, 1e400, duplicate keys) reach the service byte for byte.
/// </summary>
internal sealed class JsonMutations(Random random, IReadOnlyList<(string Name, byte[] Body)> seeds, string contentType) : IBodyMutations
{
    private const string Marker = "__fuzz_marker_7c1e__";
    private const int TenMegabytes = 10_000_000;

    private readonly List<(string Name, JsonNode Root, List<JsonPath> Paths)> _seeds =
        seeds.Select(s => (s.Name, JsonNode.Parse(s.Body)!, JsonPath.All(JsonNode.Parse(s.Body)!).ToList())).ToList();

    public byte[] ValidBody => seeds[0].Body;

    public IEnumerable<FuzzCase> Catalogue()
    {
        var (_, root, paths) = _seeds[0];
        var valid = ValidBody;
        var text = Encoding.UTF8.GetString(valid);
        byte[] bom = [0xEF, 0xBB, 0xBF];
        yield return Case("empty body", []);
        yield return Case("whitespace only", "  \n\t "u8.ToArray());
        foreach (var literal in new[] { "null", "true", "0", "-1", "\"text\"", "[]", "{}", "[null]", "NaN", "Infinity", "'single'" })
            yield return Case($"top-level {literal}", Encoding.UTF8.GetBytes(literal));
        yield return Case("array where the object is expected", Encoding.UTF8.GetBytes($"[{text}]"));
        yield return Case("two documents", Encoding.UTF8.GetBytes(text + text));
        yield return Case("trailing garbage", Encoding.UTF8.GetBytes(text + "}"));
        yield return Case("trailing comma", Encoding.UTF8.GetBytes(text.TrimEnd()[..^1].TrimEnd() + ",}"));
        yield return Case("comment", Encoding.UTF8.GetBytes("/* c */" + text));
        yield return Case("NUL byte after the document", [.. valid, 0]);
        yield return Case("NUL byte before the document", [0, .. valid]);
        yield return Case("UTF-8 BOM", [.. bom, .. valid]);
        yield return Case("two UTF-8 BOMs", [.. bom, .. bom, .. valid]);
        yield return Case("BOM only", bom);
        yield return Case("UTF-16LE with BOM", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        yield return Case("UTF-16BE without BOM", Encoding.BigEndianUnicode.GetBytes(text));
        yield return Case("UTF-32LE", Encoding.UTF32.GetBytes(text));
        foreach (var (name, bytes) in new (string, byte[])[]
                 {
                     ("0xFF", [0xFF]), ("overlong '/'", [0xC0, 0xAF]), ("truncated sequence", [0xE2, 0x82]),
                     ("UTF-8-encoded surrogate", [0xED, 0xA0, 0x80]), ("lone continuation byte", [0x80]), ("NUL", [0x00]),
                 })
        {
            if (paths.FirstOrDefault(p => p.Node(root) is JsonValue v && v.GetValueKind() == JsonValueKind.String) is { } stringPath)
                yield return Case($"invalid UTF-8 ({name}) in {stringPath}", Splice(root, stringPath, "\"a" + Marker + "b\"", bytes));
            yield return Case($"invalid UTF-8 ({name}) as a key", Splice(root, null, Marker, bytes, asKey: true));
        }

        // deep nesting: far past the parser's depth limit, and around it
        yield return Case("10,000 nested arrays", Encoding.UTF8.GetBytes(new string('[', 10_000) + new string(']', 10_000)));
        yield return Case("10,000 nested objects", Encoding.UTF8.GetBytes(Repeat("{\"a\":", 10_000) + "1" + new string('}', 10_000)));
        yield return Case("10,000 unclosed arrays", Encoding.UTF8.GetBytes(new string('[', 10_000)));
        var first = paths[0];
        yield return Case($"10,000 nested arrays at {first}", Bytes(WithRaw(root, first, new string('[', 10_000) + new string(']', 10_000))));
        foreach (var depth in new[] { 62, 63, 64, 65, 66 })
            yield return Case($"{depth} nested arrays at {first}", Bytes(WithRaw(root, first, new string('[', depth) + new string(']', depth))));

        // duplicate keys at the top level
        if (root is JsonObject top)
            foreach (var (key, value) in top)
                yield return Case($"duplicate top-level key {key}", Bytes(WithProperty(root, [], key, value!.ToJsonString())));

        foreach (var oversized in Oversized()) yield return oversized;
        yield return Case("1,000,000 numbers as the body", Encoding.UTF8.GetBytes("[" + Repeat("0,", 999_999) + "0]"));
        yield return Case("100,000 unknown fields", Encoding.UTF8.GetBytes(
            text.TrimEnd()[..^1] + string.Concat(Enumerable.Range(0, 100_000).Select(i => $",\"k{i}\":0")) + "}"));
        yield return Case("1 MB of whitespace around the document", Encoding.UTF8.GetBytes(new string(' ', 1 << 20) + text + new string('\n', 1 << 20)));
    }

    public IEnumerable<FuzzCase> Oversized()
    {
        var (_, root, paths) = _seeds[0];
        // 10 MB strings: as string values (ids, names), in place of a number, as a number literal, as a key
        foreach (var path in paths.Where(p => p.Node(root) is JsonValue v && v.GetValueKind() == JsonValueKind.String).DistinctBy(p => p.Schema).Take(3))
            yield return Expect400($"10 MB string at {path}", Bytes(WithRaw(root, path, "\"" + new string('x', TenMegabytes) + "\"")));
        if (paths.FirstOrDefault(p => p.Node(root) is JsonValue v && v.GetValueKind() == JsonValueKind.Number) is { } numberPath)
        {
            yield return Expect400($"10 MB string at number {numberPath}", Bytes(WithRaw(root, numberPath, "\"" + new string('7', TenMegabytes) + "\"")));
            yield return Expect400($"10 MB digits as a number at {numberPath}", Bytes(WithRaw(root, numberPath, new string('7', TenMegabytes))));
        }
        yield return Expect400("10 MB key", Bytes(WithProperty(root, [], new string('k', TenMegabytes), "1")));

        // huge arrays and objects
        // the largest array of any seed
        var arrays = _seeds.SelectMany(s => s.Paths.Where(p => p.Node(s.Root) is JsonArray { Count: > 0 }).Select(p => (s.Root, Path: p))).ToList();
        if (arrays.Count > 0)
        {
            var (arrayRoot, arrayPath) = arrays.MaxBy(x => ((JsonArray)x.Path.Node(x.Root)!).Count);
            var element = ((JsonArray)arrayPath.Node(arrayRoot)!)[0]!.ToJsonString();
            var copies = Math.Max(1, 8_000_000 / (element.Length + 1));
            yield return Expect400($"{copies:N0} copies of {arrayPath}[0]", Bytes(WithRaw(arrayRoot, arrayPath, "[" + Repeat(element + ",", copies - 1) + element + "]")));
            yield return Expect400($"1,000,000 nulls at {arrayPath}", Bytes(WithRaw(arrayRoot, arrayPath, "[" + Repeat("null,", 999_999) + "null]")));
        }
    }

    public IEnumerable<FuzzCase> EveryField()
    {
        // One concrete instance per schema path ($.arcs[*].cost), chosen at random, and each schema path once over
        // all seeds: every field, without a 14-arc network costing fourteen times as many requests as one object.
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (seedName, root, paths) in _seeds)
        {
            foreach (var group in paths.GroupBy(p => p.Schema).Where(g => covered.Add(g.Key)))
            {
                var path = group.ElementAt(random.Next(group.Count()));
                foreach (var value in HostileValues.Json)
                    yield return Case($"{seedName}: {path} = {Clip(value)}", Bytes(WithRaw(root, path, value)));
                yield return Case($"{seedName}: {path} removed", Bytes(Without(root, path)));
                if (path.Last is string name)
                {
                    yield return Case($"{seedName}: {path} duplicated", Bytes(WithProperty(root, path.Parent, name, path.Node(root)?.ToJsonString() ?? "null")));
                    yield return Case($"{seedName}: unknown field beside {path}", Bytes(WithProperty(root, path.Parent, name + "X", "1")));
                }
                if (path.Node(root) is JsonObject)
                    yield return Case($"{seedName}: unknown field in {path}", Bytes(WithProperty(root, path.Segments, "unknownField", "\"x\"")));
            }
        }
    }

    public FuzzCase Random()
    {
        var (seedName, root, paths) = _seeds[random.Next(_seeds.Count)];
        var path = paths[random.Next(paths.Count)];
        var value = HostileValues.Json[random.Next(HostileValues.Json.Count)];
        var roll = random.Next(100);
        return roll switch
        {
            < 30 => Case($"random {seedName}: {path} = {Clip(value)}", Bytes(WithRaw(root, path, value))),
            < 40 => Case($"random {seedName}: {path} wrapped in an array", Bytes(WithRaw(root, path, "[" + (path.Node(root)?.ToJsonString() ?? "null") + "]"))),
            < 45 when path.Node(root) is JsonArray { Count: > 0 } array =>
                Case($"random {seedName}: {path} element repeated", Bytes(WithRaw(root, path,
                    "[" + Repeat(array[0]!.ToJsonString() + ",", random.Next(2, 2000)) + array[0]!.ToJsonString() + "]"))),
            < 60 => Truncated(seedName, Bytes(WithRaw(root, path, value))),
            < 80 => Flipped(seedName, random.Next(4) == 0 ? Bytes(WithRaw(root, path, value)) : Encoding.UTF8.GetBytes(root.ToJsonString())),
            < 90 => Inserted(seedName, Encoding.UTF8.GetBytes(root.ToJsonString()), value),
            _ => Deleted(seedName, Encoding.UTF8.GetBytes(root.ToJsonString())),
        };
    }

    private FuzzCase Truncated(string seedName, byte[] body)
    {
        var at = random.Next(body.Length);
        return Case($"random {seedName}: truncated at byte {at}", body[..at]);
    }

    private FuzzCase Flipped(string seedName, byte[] body)
    {
        var flips = random.Next(1, 9);
        for (var i = 0; i < flips; i++)
            body[random.Next(body.Length)] = random.Next(3) == 0 ? (byte)random.Next(256) : HostileValues.Bytes[random.Next(HostileValues.Bytes.Count)];
        return Case($"random {seedName}: {flips} bytes flipped", body);
    }

    private FuzzCase Inserted(string seedName, byte[] body, string value)
    {
        var at = random.Next(body.Length + 1);
        return Case($"random {seedName}: {Clip(value)} inserted at byte {at}", [.. body[..at], .. Encoding.UTF8.GetBytes(value), .. body[at..]]);
    }

    private FuzzCase Deleted(string seedName, byte[] body)
    {
        var at = random.Next(body.Length);
        var length = Math.Min(body.Length - at, random.Next(1, 40));
        return Case($"random {seedName}: {length} bytes deleted at {at}", [.. body[..at], .. body[(at + length)..]]);
    }

    private FuzzCase Case(string name, byte[] body) => new(name, body) { ContentType = contentType };

    private FuzzCase Expect400(string name, byte[] body) => Case(name, body) with { ExpectedStatus = 400 };

    private static string WithRaw(JsonNode root, JsonPath path, string raw)
    {
        var copy = root.DeepClone();
        path.Set(copy, JsonValue.Create(Marker));
        return copy.ToJsonString().Replace($"\"{Marker}\"", raw, StringComparison.Ordinal);
    }

    private static string Without(JsonNode root, JsonPath path)
    {
        var copy = root.DeepClone();
        path.Remove(copy);
        return copy.ToJsonString();
    }

    /// <summary>Adds <c>"name": raw</c> to the object at <paramref name="objectPath"/>, after its fields (so a duplicate comes second).</summary>
    private static string WithProperty(JsonNode root, IReadOnlyList<object> objectPath, string name, string raw)
    {
        var copy = root.DeepClone();
        if (new JsonPath(objectPath).Node(copy) is not JsonObject target) return copy.ToJsonString();
        target[Marker] = Marker;
        return copy.ToJsonString().Replace($"\"{Marker}\":\"{Marker}\"", JsonSerializer.Serialize(name) + ":" + raw, StringComparison.Ordinal);
    }

    /// <summary>Raw bytes (which need not be valid UTF-8) inside a string value at <paramref name="path"/>, or inside a new key.</summary>
    private static byte[] Splice(JsonNode root, JsonPath? path, string template, byte[] bytes, bool asKey = false)
    {
        var json = asKey ? WithProperty(root, [], "a" + Marker, "1") : WithRaw(root, path!, template);
        var parts = json.Split(Marker);
        return [.. Encoding.UTF8.GetBytes(parts[0]), .. bytes, .. Encoding.UTF8.GetBytes(parts[1])];
    }

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    private static string Repeat(string text, int count) => new StringBuilder(text.Length * count).Insert(0, text, count).ToString();

    private static string Clip(string text) => text.Length <= 24 ? text : text[..20] + $"…({text.Length})";
}
