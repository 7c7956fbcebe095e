namespace OptService.Kinds;

/// <summary>
/// A result that writes its own JSON: the same JSON System.Text.Json writes for it with <see cref="JobJson.Options"/>
/// (a kind tests that they agree), only without the serializer's work per record. For results of hundreds of
/// thousands of records, such as every arc's flow of a large network, whose serialization the job pays at its finish.
/// </summary>
public interface ISelfSerializingResult
{
    /// <summary>
    /// The result as the job stores and returns it: UTF-8 JSON, exactly the array stored and sent (no string of it is
    /// made on the way: at 500,000 arcs a 24 MB result was a 48 MB UTF-16 string that the store turned back into UTF-8).
    /// </summary>
    byte[] ToUtf8Json();
}
