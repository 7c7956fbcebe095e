using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The result's <c>flows</c> array, <c>[{"from":"a","to":"b","flow":17},...]</c>, byte for byte as System.Text.Json
/// writes it with <see cref="JobJson.Options"/>, straight from the network's arrays: per node, the bytes around its
/// escaped id are made once, so that an arc is two copies and a number. A flow that is a whole number below 10^15
/// (every flow of an integral network) is written as an integer, which is what the serializer's shortest round-trip
/// form of such a double is; any other value goes through the serializer's own formatting call.
/// </summary>
/// <remarks>At 500,000 arcs the writer's calls per arc (start object, two strings, a double, end object) were most of
/// the result's 280 ms on a quiet machine (issue 10).</remarks>
internal static class FlowArrayJson
{
    /// <summary>Below this a whole double's shortest round-trip text is its integer digits (from 10^15 on it is 1E+15).</summary>
    private const double LargestPlainInteger = 1e15;

    /// <summary>The longest text of a double: "-1.2345678901234567E-308".</summary>
    private const int MaxNumberBytes = 32;

    /// <summary>
    /// Writes the array with <paramref name="writer"/> (as a raw value: the caller wrote the property name) from a
    /// buffer rented for the call: at 500,000 arcs a fresh one was 40 MB of large-object heap per job.
    /// </summary>
    public static void WriteTo(Utf8JsonWriter writer, FlowNetwork network, double[] flow)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(checked((int)MaxLength(network, out var tails, out var heads)));
        try
        {
            writer.WriteRawValue(Write(network, flow, tails, heads, buffer), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The most bytes the array can take, with per node the bytes before and after its id in a flow record.</summary>
    private static long MaxLength(FlowNetwork network, out byte[][] tails, out byte[][] heads)
    {
        var encoder = JobJson.Options.Encoder;
        // {"from":"<tail id>","to":"   and   <head id>","flow":
        tails = new byte[network.NodeCount][];
        heads = new byte[network.NodeCount][];
        for (var v = 0; v < network.NodeCount; v++)
        {
            var id = JsonEncodedText.Encode(network.NodeIds[v], encoder).EncodedUtf8Bytes;
            tails[v] = [.. "{\"from\":\""u8, .. id, .. "\",\"to\":\""u8];
            heads[v] = [.. id, .. "\",\"flow\":"u8];
        }
        long size = 2;
        for (var a = 0; a < network.ArcCount; a++) size += tails[network.Tail[a]].Length + heads[network.Head[a]].Length + MaxNumberBytes + 2;
        return size;
    }

    private static ReadOnlySpan<byte> Write(FlowNetwork network, double[] flow, byte[][] tails, byte[][] heads, byte[] json)
    {
        var at = 0;
        json[at++] = (byte)'[';
        for (var a = 0; a < network.ArcCount; a++)
        {
            if (a > 0) json[at++] = (byte)',';
            var tail = tails[network.Tail[a]];
            tail.CopyTo(json.AsSpan(at));
            at += tail.Length;
            var head = heads[network.Head[a]];
            head.CopyTo(json.AsSpan(at));
            at += head.Length;
            at += WriteNumber(flow[a], json.AsSpan(at));
            json[at++] = (byte)'}';
        }
        json[at++] = (byte)']';
        return json.AsSpan(0, at);
    }

    private static int WriteNumber(double value, Span<byte> destination)
    {
        int written;
        var whole = (long)value;
        // -0.0 is written "-0" by the serializer: not a plain integer.
        if (whole == value && Math.Abs(value) < LargestPlainInteger && (whole != 0 || !double.IsNegative(value)))
            Utf8Formatter.TryFormat(whole, destination, out written);
        else if (!double.IsFinite(value))
            throw new ArgumentException($"a flow must be finite, got {value}", nameof(value)); // as Utf8JsonWriter refuses it
        else
            // What Utf8JsonWriter.WriteNumberValue(double) calls (shortest round-trip form, invariant culture).
            value.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
