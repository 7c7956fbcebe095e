namespace OptService.Api.JobsApi;

/// <summary>
/// A stored result sent as it is stored: its UTF-8 JSON bytes, with the headers <c>Results.Text(json, "application/json")</c>
/// gave (<c>Content-Type: application/json</c>, <c>Content-Length</c>). At 500,000 arcs the result is 24 MB; read as a
/// string it was decoded to 48 MB of UTF-16 and encoded back to UTF-8 for the response.
/// </summary>
internal sealed class StoredJsonResult(byte[] utf8Json) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "application/json";
        response.ContentLength = utf8Json.Length;
        return response.Body.WriteAsync(utf8Json, httpContext.RequestAborted).AsTask();
    }
}
