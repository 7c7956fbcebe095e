using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;

namespace OptService.Api.Hosting;

/// <summary>
/// A URL longer than <see cref="MaxTargetBytes"/> gets <c>414</c> with a problem body. Kestrel rejects a request line
/// over its <c>MaxRequestLineSize</c> itself, with an empty body, before any of our code runs; so Kestrel's limit is
/// raised to <see cref="KestrelRequestLineBytes"/> and the service's own limit, the same 8 KiB as Kestrel's default,
/// is checked here. Only a request line over 64 KiB still gets Kestrel's bare 414.
/// </summary>
internal static class RequestTargetLimit
{
    public const int MaxTargetBytes = 8 * 1024;
    public const int KestrelRequestLineBytes = 64 * 1024;

    public static WebApplication UseRequestTargetLimit(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            // Kestrel gives the request line's target as sent; a server without it (the in-memory test server), the URL re-encoded.
            var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : http.Request.GetEncodedPathAndQuery();
            if (target.Length <= MaxTargetBytes)
            {
                await next(http);
                return;
            }
            http.Response.StatusCode = StatusCodes.Status414UriTooLong;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails =
                {
                    Status = StatusCodes.Status414UriTooLong,
                    Detail = $"The URL is {target.Length} characters long; at most {MaxTargetBytes} are accepted. " +
                             "Ids and names are at most 200 characters; send large inputs in the request body.",
                },
            });
        });
        return app;
    }
}
