using System.Text;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// Hostile bodies for a binary protobuf route (<c>application/x-protobuf</c>): truncations, byte flips, length prefixes
/// that point past the end or claim gigabytes, overlong varints, wrong wire types, unknown fields, deep nesting, invalid
/// UTF-8 in strings, huge repeated fields, and absurd values for the route's query parameters. The text mutations do
/// not fit here: a line of ten million 'x' bytes is a valid protobuf stream.
/// </summary>
internal sealed class ProtobufMutations(Random random, IReadOnlyList<(string Name, byte[] Body)> seeds, string contentType, IReadOnlyList<string> queryParameters) : IBodyMutations
{
    private const int TenMegabytes = 10_000_000;

    public byte[] ValidBody => seeds[0].Body;

    public IEnumerable<FuzzCase> Catalogue()
    {
        var valid = ValidBody;
        yield return Case("empty body (an empty model)", []);
        yield return Case("one zero byte", [0x00]);
        yield return Case("JSON instead of protobuf", "{\"variables\": []}"u8.ToArray());
        yield return Case("UTF-8 BOM before the message", [0xEF, 0xBB, 0xBF, .. valid]);
        for (var cut = 1; cut < Math.Min(valid.Length, 64); cut++) yield return Case($"truncated at byte {cut}", valid[..cut]);
        yield return Case("length prefix past the end", [0x12, 0x7F, 0x10, 0x00]);
        yield return Case("length prefix of 2 GB", [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x10, 0x00]);
        yield return Case("negative length prefix", [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]);
        yield return Case("overlong varint (11 bytes)", [0x12, 0x0C, 0x10, .. Enumerable.Repeat((byte)0xFF, 10), 0x01]);
        yield return Case("wrong wire type for a message field", [0x15, 0x01, 0x02, 0x03, 0x04]);
        yield return Case("end-group without start", [0x0C]);
        yield return Case("field number 0", [0x02, 0x00]);
        yield return Case("field number 2^29-1", [0xFA, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]);
        yield return Case("unknown field after a valid model", [.. valid, 0x78, 0x01]);
        yield return Case("invalid UTF-8 in the model name", [0x0A, 0x02, 0xC0, 0xAF, .. valid]);
        yield return Case("10,000 nested length-delimited fields", Nested(10_000));
        foreach (var oversized in Oversized()) yield return oversized;
        yield return Case("the valid model twice (merged)", [.. valid, .. valid]);
        foreach (var parameter in queryParameters)
        {
            foreach (var value in HostileValues.QueryValues)
                yield return Case($"?{parameter}={Clip(value)}", valid) with { Query = $"?{parameter}={value}" };
            yield return Case($"?{parameter} without a value", valid) with { Query = $"?{parameter}" };
            yield return Case($"?{parameter} twice", valid) with { Query = $"?{parameter}=1&{parameter}=2" };
        }
        yield return Case("unknown query parameter", valid) with { Query = "?foo=1" };
        yield return Case("4000-character parameter name", valid) with { Query = "?" + new string('p', 4000) + "=1" };
    }

    public IEnumerable<FuzzCase> Oversized()
    {
        yield return Expect400("10 MB of the letter x (five million unknown fields)", Enumerable.Repeat((byte)'x', TenMegabytes).ToArray());
        yield return Expect400("a 10 MB model name", [0x0A, .. Varint(TenMegabytes), .. Enumerable.Repeat((byte)'n', TenMegabytes)]);
        // 1,600,000 Boolean variables: domain [0, 1] each, 6 bytes apiece, past any sensible variable limit.
        byte[] variable = [0x12, 0x04, 0x12, 0x02, 0x00, 0x01];
        yield return Expect400("1,600,000 variables", Enumerable.Range(0, 1_600_000).SelectMany(_ => variable).ToArray());
    }

    public IEnumerable<FuzzCase> EveryField()
    {
        // Every byte of the first seed replaced by each byte that changes a tag, a length or a varint.
        var valid = ValidBody;
        for (var at = 0; at < valid.Length; at++)
        {
            foreach (var b in new byte[] { 0x00, 0x7F, 0x80, 0xFF })
            {
                var mutated = (byte[])valid.Clone();
                mutated[at] = b;
                yield return Case($"byte {at} = 0x{b:X2}", mutated);
            }
        }
    }

    public FuzzCase Random()
    {
        var (name, body) = seeds[random.Next(seeds.Count)];
        var bytes = (byte[])body.Clone();
        FuzzCase fuzzCase;
        switch (random.Next(4))
        {
            case 0:
                var at = random.Next(bytes.Length + 1);
                fuzzCase = Case($"random {name}: truncated at byte {at}", bytes[..at]);
                break;
            case 1:
                var insert = random.Next(bytes.Length + 1);
                var extra = Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)).ToArray();
                fuzzCase = Case($"random {name}: {extra.Length} bytes inserted at {insert}", [.. bytes[..insert], .. extra, .. bytes[insert..]]);
                break;
            default:
                var flips = random.Next(1, 9);
                for (var i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                fuzzCase = Case($"random {name}: {flips} bytes flipped", bytes);
                break;
        }
        if (queryParameters.Count == 0 || random.Next(3) != 0) return fuzzCase;
        var parameter = queryParameters[random.Next(queryParameters.Count)];
        var value = HostileValues.QueryValues[random.Next(HostileValues.QueryValues.Count)];
        return fuzzCase with { Name = $"{fuzzCase.Name}, ?{parameter}={Clip(value)}", Query = $"?{parameter}={value}" };
    }

    /// <summary>
    /// Pads a valid message to <paramref name="length"/> bytes with repeated occurrences of field 1 (the model's name,
    /// a string; the last one wins), each under the name-length limit: a valid message of exactly that size.
    /// </summary>
    public static byte[] Padded(byte[] body, int length)
    {
        var padded = new List<byte>(length);
        padded.AddRange(body);
        var remaining = length - body.Length;
        while (remaining > 0)
        {
            var n = Math.Min(127, remaining - 2);
            if (remaining - (n + 2) == 1) n--;
            padded.Add(0x0A);
            padded.Add((byte)n);
            padded.AddRange(Enumerable.Repeat((byte)'p', n));
            remaining -= n + 2;
        }
        return [.. padded];
    }

    /// <summary>A model whose first variable holds a field that holds a field ... <paramref name="depth"/> deep.</summary>
    private static byte[] Nested(int depth)
    {
        byte[] inner = [0x10, 0x00];
        for (var i = 0; i < depth; i++) inner = [0x12, .. Varint(inner.Length), .. inner];
        return inner;
    }

    private static byte[] Varint(int value)
    {
        var bytes = new List<byte>();
        var v = (uint)value;
        while (v >= 0x80)
        {
            bytes.Add((byte)(v | 0x80));
            v >>= 7;
        }
        bytes.Add((byte)v);
        return [.. bytes];
    }

    private FuzzCase Case(string name, byte[] body) => new(name, body) { ContentType = contentType };

    private FuzzCase Expect400(string name, byte[] body) => Case(name, body) with { ExpectedStatus = 400 };

    private static string Clip(string text) => text.Length <= 24 ? text : text[..20] + $"…({text.Length})";
}
