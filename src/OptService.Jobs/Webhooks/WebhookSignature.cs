using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OptService.Jobs.Webhooks;

/// <summary>
/// How a delivery is signed, in the manner of Standard Webhooks and Stripe: HMAC-SHA256 with the secret over
/// <c>{timestamp}.{body}</c>, sent as <c>Webhook-Signature: v1=&lt;lowercase hex&gt;</c> beside
/// <c>Webhook-Timestamp</c> (Unix seconds) and <c>Webhook-Id</c> (the delivery id, the same on every retry).
/// A receiver recomputes the HMAC over the raw body, compares in constant time, and rejects old timestamps.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "Webhook-Id";
    public const string TimestampHeader = "Webhook-Timestamp";
    public const string SignatureHeader = "Webhook-Signature";
    public const string EventHeader = "Webhook-Event";

    /// <summary>The <c>Webhook-Signature</c> value for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "." + body);
        return "v1=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }
}
