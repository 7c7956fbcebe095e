namespace OptService.Kinds;

/// <summary>
/// An input format whose body is bytes, not text (a protobuf message, say): the submit endpoint hands it the body
/// as read instead of decoding it as UTF-8 first.
/// </summary>
public interface IBinaryProblemInputFormat : IProblemInputFormat
{
    /// <summary>Converts the body to the kind's problem object, or reports every error (path = field or parameter).</summary>
    InputConversion Convert(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> query);

    /// <summary>Text reaches a binary format only from tools and tests; it is taken as its UTF-8 bytes.</summary>
    InputConversion IProblemInputFormat.Convert(string body, IReadOnlyDictionary<string, string> query) =>
        Convert(System.Text.Encoding.UTF8.GetBytes(body), query);
}
