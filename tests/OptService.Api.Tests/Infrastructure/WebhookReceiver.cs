using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>One POST the receiver got, and the status it answered.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Event, string Body, int Answered, DateTime At)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    /// <summary>Whether the signature is HMAC-SHA256(secret, "{timestamp}.{body}") in lowercase hex, computed here independently of the service.</summary>
    public bool IsSignedWith(string secret) =>
        Signature == "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Timestamp + "." + Body)));
}

/// <summary>A webhook receiver on 127.0.0.1 that records every POST and answers with the status <see cref="Answer"/> picks.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<ReceivedWebhook> _received = [];

    public WebhookReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path = "hooks") => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>The status to answer, given how many requests came before (default: 200).</summary>
    public Func<int, int> Answer { get; set; } = _ => 200;

    public IReadOnlyList<ReceivedWebhook> Received
    {
        get
        {
            lock (_received) return [.. _received];
        }
    }

    /// <summary>Waits until a received request matches.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (Received.FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no matching webhook within {timeout}; got {Received.Count}: " + string.Join(" | ", Received.Select(r => $"{r.Answered} {r.Body}")));
            await Task.Delay(50);
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            int status;
            lock (_received)
            {
                status = Answer(_received.Count);
                _received.Add(new ReceivedWebhook(
                    context.Request.Headers["Webhook-Id"] ?? "", context.Request.Headers["Webhook-Timestamp"] ?? "",
                    context.Request.Headers["Webhook-Signature"] ?? "", context.Request.Headers["Webhook-Event"] ?? "", body, status, DateTime.UtcNow));
            }
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public void Dispose() => _listener.Close();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
