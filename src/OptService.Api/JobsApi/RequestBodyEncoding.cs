using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using OptService.Kinds;

namespace OptService.Api.JobsApi;

/// <summary>
/// How a submitted body must be encoded: as it is (no Content-Encoding) and in UTF-8. Without these checks a
/// gzip body was parsed as garbage (a 400 about byte 0x1F), a plain body that claimed gzip was accepted, and a
/// declared UTF-16 or Latin-1 charset was silently read as UTF-8.
/// </summary>
internal static class RequestBodyEncoding
{
    private static readonly string[] Utf8Charsets = ["utf-8", "utf8", "us-ascii"];

    /// <summary>415 for a content coding (the service decodes none: decompressing would also sidestep the body
    /// limit) or a charset other than UTF-8; null when the body can be read.</summary>
    public static ProblemHttpResult? Unsupported(HttpRequest request)
    {
        var coding = request.Headers.ContentEncoding.ToString().Trim();
        if (coding.Length > 0 && !coding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            return Problems.UnsupportedContentEncoding(coding);
        if (MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.Charset.Value?.Trim('"') is { Length: > 0 } charset
            && !Utf8Charsets.Contains(charset, StringComparer.OrdinalIgnoreCase))
            return Problems.UnsupportedCharset(charset);
        return null;
    }

    /// <summary>
    /// Decodes a text body as strict UTF-8 (a leading byte order mark is dropped). Invalid bytes are an error naming
    /// the line, not U+FFFD replacement characters that would end up in ids.
    /// </summary>
    public static bool TryDecodeText(byte[] body, out string text, out FieldError? error)
    {
        var bytes = body.AsSpan();
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (Utf8.IsValid(bytes))
        {
            text = Encoding.UTF8.GetString(bytes);
            error = null;
            return true;
        }
        var offset = 0;
        while (Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) == OperationStatus.Done) offset += consumed;
        var line = bytes[..offset].Count((byte)'\n') + 1;
        text = "";
        error = new FieldError(string.Create(CultureInfo.InvariantCulture, $"line {line}"),
            string.Create(CultureInfo.InvariantCulture, $"not valid UTF-8 (byte 0x{bytes[offset]:X2} at offset {offset}); send the text as UTF-8"));
        return false;
    }
}
