using Microsoft.AspNetCore.Http.Features;

namespace OptService.Api.Hosting;

/// <summary>
/// <c>HEAD</c> on every <c>GET</c> route (RFC 9110 §9.3.2): the request runs as a <c>GET</c>, so that status and
/// headers are the GET's, and whatever body it writes is discarded. Endpoints map GET only; mapping HEAD beside each
/// would also list every route twice in the OpenAPI document. Must run before routing, which matches the method.
/// </summary>
internal static class HeadRequests
{
    public static WebApplication UseHeadAsGet(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (!HttpMethods.IsHead(http.Request.Method))
            {
                await next(http);
                return;
            }
            var body = http.Features.GetRequiredFeature<IHttpResponseBodyFeature>();
            var discarded = new StreamResponseBodyFeature(Stream.Null, body);
            http.Features.Set<IHttpResponseBodyFeature>(discarded);
            http.Request.Method = HttpMethods.Get;
            try
            {
                await next(http);
                await discarded.CompleteAsync();
            }
            finally
            {
                // The request log and the server see the method the client sent.
                http.Request.Method = HttpMethods.Head;
                http.Features.Set(body);
            }
        });
        return app;
    }
}
