using System.IO.Compression;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// The cases for one submit route, in a fixed order for a given random seed: media-type, content-coding and size
/// cases, the mutation catalogue, every field with every hostile value, then random mutations up to the count.
/// </summary>
internal static class FuzzCorpus
{
    public static IEnumerable<FuzzCase> For(SubmitEndpoint endpoint, IBodyMutations mutations, int count, long bodyLimit)
    {
        var produced = 0;
        foreach (var fuzzCase in HeaderAndSizeCases(endpoint, mutations.ValidBody, bodyLimit).Concat(mutations.Catalogue()).Concat(mutations.EveryField()))
        {
            produced++;
            yield return fuzzCase;
        }
        for (; produced < count; produced++) yield return mutations.Random();
    }

    /// <summary>Media types and content codings the route does not take (415), bodies over the limit (413), and their harmless variants.</summary>
    public static IEnumerable<FuzzCase> HeaderAndSizeCases(SubmitEndpoint endpoint, byte[] valid, long bodyLimit)
    {
        var own = endpoint.ContentType;
        var wrong = endpoint.IsJson ? "text/plain" : "application/json";
        FuzzCase Case(string name, string? contentType, int? expected = null, byte[]? body = null) =>
            new(name, body ?? valid) { ContentType = contentType, ExpectedStatus = expected };

        yield return Case("no Content-Type", null, 415);
        foreach (var type in new[] { wrong, "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/octet-stream", "*/*", "garbage;;;=", own + "x" })
            yield return Case($"Content-Type {type}", type, 415);
        yield return Case($"Content-Type {own}; charset=utf-16", own + "; charset=utf-16", 415);
        yield return Case($"Content-Type {own}; charset=iso-8859-1", own + "; charset=iso-8859-1", 415);
        yield return Case($"Content-Type {own}; charset=utf-8", own + "; charset=utf-8");
        yield return Case($"Content-Type {own.ToUpperInvariant()}", own.ToUpperInvariant());

        yield return Case("gzip body, Content-Encoding gzip", own, 415, Gzip(valid)) with { ContentEncoding = "gzip" };
        foreach (var coding in new[] { "gzip", "br", "deflate", "gzip, identity", "x-unknown" })
            yield return Case($"plain body claiming Content-Encoding {coding}", own, 415) with { ContentEncoding = coding };
        yield return Case("Content-Encoding identity", own) with { ContentEncoding = "identity" };

        Func<byte[], int, byte[]> pad = endpoint.IsProtobuf ? ProtobufMutations.Padded : Padded;
        var overLimit = pad(valid, (int)bodyLimit + (1 << 20));
        yield return Case($"{overLimit.Length:N0} bytes (over the limit) with Content-Length", own, 413, overLimit);
        yield return Case($"{overLimit.Length:N0} bytes (over the limit) chunked", own, 413, overLimit) with { Chunked = true };
        // Chunked bodies are read in 1 MiB pieces: one that ends exactly at a piece boundary, one just past it.
        yield return Case("valid body chunked", own, 202) with { Chunked = true };
        foreach (var length in new[] { 2 << 20, (2 << 20) + 1 })
            yield return Case($"valid body chunked, padded to {length:N0} bytes", own, 202, pad(valid, length)) with { Chunked = true };
    }

    /// <summary>The body followed by newlines (whitespace in JSON and in the text formats) up to <paramref name="length"/> bytes
    /// (protobuf bodies are padded with fields instead: a newline byte is a field tag there).</summary>
    private static byte[] Padded(byte[] body, int length) => [.. body, .. Enumerable.Repeat((byte)'\n', length - body.Length)];

    private static byte[] Gzip(byte[] body)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest)) gzip.Write(body);
        return buffer.ToArray();
    }
}
