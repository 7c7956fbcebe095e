namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// One hostile request to a submit route: the body and the headers around it. <see cref="ExpectedStatus"/> is set
/// where the answer is known in advance (over the body limit: 413; wrong media type or content coding: 415);
/// otherwise any answer passes that is a 202 or a well-formed problem-details rejection.
/// </summary>
internal sealed record FuzzCase(string Name, byte[] Body)
{
    /// <summary>The Content-Type header; null sends none.</summary>
    public string? ContentType { get; init; }

    /// <summary>The Content-Encoding header; null sends none.</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>Query string including the leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = "";

    /// <summary>Send with Transfer-Encoding: chunked instead of a Content-Length.</summary>
    public bool Chunked { get; init; }

    public int? ExpectedStatus { get; init; }

    /// <summary>
    /// A chunked body over the limit: the server cannot refuse it before reading up to the limit, then answers 413
    /// and closes the connection while the client may still be sending, so the client may see the close instead
    /// of the 413 (HTTP/1.1 has no way around that race). Both outcomes pass.
    /// </summary>
    public bool MayCloseMidUpload => Chunked && ExpectedStatus == 413;

    /// <summary>The body as the failure report shows it: the first bytes, escaped.</summary>
    public string Preview(int max = 160)
    {
        var text = System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, max)));
        var escaped = new string(text.Select(c => char.IsControl(c) ? '·' : c).ToArray());
        return $"{Body.Length} bytes: {escaped}{(Body.Length > max ? "…" : "")}";
    }
}
