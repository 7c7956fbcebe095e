using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace OptService.Api.JobConsole;

/// <summary>
/// The job console at <c>/console</c>: plain HTML, CSS and JavaScript modules embedded in this assembly (no
/// front-end build, nothing to copy beside the published app), served with a Content-Security-Policy that allows
/// only this origin. The files hold no data and are served without an API key; every request the page makes goes to
/// the API with the key the user typed (<c>X-Api-Key</c>), so the API's protection is the same as without the page.
/// </summary>
internal static class ConsolePage
{
    /// <summary>Prefix of the embedded files' logical names (set in the project file).</summary>
    private const string ResourcePrefix = "console/";

    /// <summary>
    /// Scripts, styles, images and fetches from this origin only; no inline script or style, no plugins, no framing, no
    /// form posts elsewhere. Plots are SVG built through the DOM, which needs no inline code.
    /// </summary>
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static WebApplication MapJobConsole(this WebApplication app)
    {
        var files = Load(typeof(ConsolePage).Assembly);
        var index = files["index.html"];
        app.MapGet("/console", (HttpContext http) => Serve(http, index)).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/console/{*path}", (string? path, HttpContext http) =>
                string.IsNullOrEmpty(path) ? Serve(http, index)
                : files.TryGetValue(path, out var file) ? Serve(http, file)
                : TypedResults.Problem(statusCode: 404, title: "Not found",
                    detail: $"The console has no file '{Hosting.StatusCodeProblems.Clip(path)}'; open /console."))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static IResult Serve(HttpContext http, ConsoleFile file)
    {
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        // Revalidate every time (a new version of the service must not run an old script), cheaply by ETag.
        headers.CacheControl = "no-cache";
        headers.ETag = file.ETag;
        if (http.Request.Headers.IfNoneMatch.Contains(file.ETag)) return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, ConsoleFile> Load(Assembly assembly)
    {
        var files = new Dictionary<string, ConsoleFile>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var path = name[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(path), out var contentType)) continue;
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var content = copy.ToArray();
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(content))[..16] + "\"";
            files[path] = new ConsoleFile(content, contentType, etag);
        }
        if (!files.ContainsKey("index.html")) throw new InvalidOperationException("The console's files are not embedded in the assembly (console/index.html missing).");
        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private sealed record ConsoleFile(byte[] Content, string ContentType, string ETag);
}
