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
/// <remarks>
/// At 500,000 arcs the writer's calls per arc (start object, two strings, a double, end object) were most of the
/// result's 280 ms on a quiet machine (issue 10). The array's exact length is known before it is written
/// (<see cref="Length"/>), so the result is written once into the array the job stores, with no buffer in between.
/// </remarks>
internal sealed class FlowArrayJson
{
    /// <summary>Below this a whole double's shortest round-trip text is its integer digits (from 10^15 on it is 1E+15).</summary>
    private const double LargestPlainInteger = 1e15;

    /// <summary>The longest text of a double: "-1.2345678901234567E-308".</summary>
    private const int MaxNumberBytes = 32;

    private readonly FlowNetwork _network;
    private readonly double[] _flow;

    // Per node, what a flow record holds before and after the node's escaped id:
    // {"from":"<tail id>","to":"   and   <head id>","flow":
    private readonly byte[][] _tails, _heads;

    public FlowArrayJson(FlowNetwork network, double[] flow)
    {
        (_network, _flow) = (network, flow);
        var encoder = JobJson.Options.Encoder;
        _tails = new byte[network.NodeCount][];
        _heads = new byte[network.NodeCount][];
        for (var v = 0; v < network.NodeCount; v++)
        {
            var id = JsonEncodedText.Encode(network.NodeIds[v], encoder).EncodedUtf8Bytes;
            _tails[v] = [.. "{\"from\":\""u8, .. id, .. "\",\"to\":\""u8];
            _heads[v] = [.. id, .. "\",\"flow\":"u8];
        }
        Length = ExactLength();
    }

    /// <summary>
    /// The array written on a thread-pool thread, into an array of its own: the job starts it as soon as the solve has a
    /// flow, so that the answer check and the marginal costs run meanwhile on the other core. The flow must not change
    /// after the call (<see cref="FlowCheck.SnapToIntegers"/> first).
    /// </summary>
    public static Task<byte[]> WriteInBackground(FlowNetwork network, double[] flow) => Task.Run(() =>
    {
        var writer = new FlowArrayJson(network, flow);
        var json = GC.AllocateUninitializedArray<byte>(writer.Length);
        writer.WriteTo(json);
        return json;
    });

    /// <summary>The array's length in bytes.</summary>
    public int Length { get; }

    private int ExactLength()
    {
        Span<byte> scratch = stackalloc byte[MaxNumberBytes];
        long size = 2 + Math.Max(0, _network.ArcCount - 1);
        for (var a = 0; a < _network.ArcCount; a++)
            size += _tails[_network.Tail[a]].Length + _heads[_network.Head[a]].Length + NumberLength(_flow[a], scratch) + 1;
        return checked((int)size);
    }

    /// <summary>Writes the array into <paramref name="json"/>, which is <see cref="Length"/> bytes long.</summary>
    public void WriteTo(Span<byte> json)
    {
        if (json.Length != Length) throw new ArgumentException($"expected {Length} bytes, got {json.Length}", nameof(json));
        var at = 0;
        json[at++] = (byte)'[';
        for (var a = 0; a < _network.ArcCount; a++)
        {
            if (a > 0) json[at++] = (byte)',';
            var tail = _tails[_network.Tail[a]];
            tail.CopyTo(json[at..]);
            at += tail.Length;
            var head = _heads[_network.Head[a]];
            head.CopyTo(json[at..]);
            at += head.Length;
            at += WriteNumber(_flow[a], json[at..]);
            json[at++] = (byte)'}';
        }
        json[at++] = (byte)']';
        // The length pass and this one format the same numbers the same way; a mismatch is a bug, not a short result.
        if (at != Length) throw new InvalidOperationException($"the flows array took {at} bytes, not the {Length} counted");
    }

    /// <summary>The length of <see cref="WriteNumber"/>'s text: counted for whole flows (all of an integral network), else formatted.</summary>
    private static int NumberLength(double value, Span<byte> scratch)
    {
        if (!IsPlainInteger(value)) return WriteNumber(value, scratch);
        var whole = (long)value;
        var length = whole < 0 ? 2 : 1;
        for (var rest = Math.Abs(whole); rest >= 10; rest /= 10) length++;
        return length;
    }

    // -0.0 is written "-0" by the serializer: not a plain integer.
    private static bool IsPlainInteger(double value) =>
        (long)value == value && Math.Abs(value) < LargestPlainInteger && ((long)value != 0 || !double.IsNegative(value));

    private static int WriteNumber(double value, Span<byte> destination)
    {
        int written;
        if (IsPlainInteger(value))
            Utf8Formatter.TryFormat((long)value, destination, out written);
        else if (!double.IsFinite(value))
            throw new ArgumentException($"a flow must be finite, got {value}", nameof(value)); // as Utf8JsonWriter refuses it
        else
            // What Utf8JsonWriter.WriteNumberValue(double) calls (shortest round-trip form, invariant culture).
            value.TryFormat(destination, out written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
