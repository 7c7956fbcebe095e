using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace OptService.Problems.CpSat;

/// <summary>
/// Finds fields a binary message has that its type does not. Protobuf parsers keep such fields aside and go on; here
/// they are an error, as in the JSON route: a model written by a newer OR-Tools, or bytes that only happen to parse
/// (ten megabytes of the letter x are five million unknown varint fields), must not be solved as something else.
/// </summary>
internal static class ProtoWireCheck
{
    /// <summary>Where the first unknown field is and what it is, or null when every field is known.</summary>
    public static string? UnknownField(byte[] bytes, MessageDescriptor descriptor, string path = "the model") =>
        Scan(new CodedInputStream(bytes), descriptor, path, depth: 0);

    /// <summary>How often each top-level field occurs (the length of repeated fields), without building the message.</summary>
    public static Dictionary<int, int> TopLevelCounts(byte[] bytes)
    {
        var counts = new Dictionary<int, int>();
        var input = new CodedInputStream(bytes);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            counts[number] = counts.GetValueOrDefault(number) + 1;
            input.SkipLastField();
        }
        return counts;
    }

    private static string? Scan(CodedInputStream input, MessageDescriptor descriptor, string path, int depth)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field is null) return $"{path} has a field number {number}, which is not a field of {descriptor.Name}";
            if (field.FieldType == FieldType.Message && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited && depth < 64)
            {
                var nested = Scan(new CodedInputStream(input.ReadBytes().ToByteArray()), field.MessageType, path + "." + field.JsonName, depth + 1);
                if (nested is not null) return nested;
            }
            else input.SkipLastField();
        }
        return null;
    }
}
