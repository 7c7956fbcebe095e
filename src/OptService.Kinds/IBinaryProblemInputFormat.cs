namespace OptService.Kinds;

/// <summary>
/// An input format whose body is bytes, not text (a protobuf message, say): the submit endpoint hands it the body
/// as read instead of decoding it as UTF-8 first.
/// </summary>
public interface IBinaryProblemInputFormat : IProblemInputFormat
{
    /// <summary>Converts the body to the kind's problem object, or reports every error (path = field or parameter).</summary>
    InputConversion Convert(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> query);
}
