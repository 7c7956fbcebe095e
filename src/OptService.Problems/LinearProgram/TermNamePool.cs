using System.Text.Json;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// The variable names read from <c>terms</c> objects during one model's deserialization, one string per distinct
/// name: in a model whose 10⁶ terms name 10⁵ variables, 9 of 10 names are found here instead of allocated (looked
/// up from the reader's characters, without an intermediate string). A pool lives on the deserializing thread from
/// <see cref="Begin"/> (the model's <c>OnDeserializing</c>) to <see cref="End"/> (<c>OnDeserialized</c>); outside
/// one, names are allocated as usual. It holds at most <see cref="MaxNames"/> names of at most
/// <see cref="MaxPooledLength"/> characters, so a failed deserialization that never reaches <see cref="End"/>
/// leaves a bounded pool behind until the thread's next model.
/// </summary>
internal sealed class TermNamePool
{
    private const int MaxNames = 1 << 20;
    private const int MaxPooledLength = 128;

    [ThreadStatic] private static TermNamePool? t_current;

    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    private TermNamePool() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public static void Begin() => t_current = new TermNamePool();

    public static void End() => t_current = null;

    /// <summary>The string of the reader's current property name, unescaped; from the pool when one is open and has it.</summary>
    public static string Read(ref Utf8JsonReader reader)
    {
        // A name's UTF-8 bytes are at least as many as its UTF-16 characters, escapes included.
        var bytes = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (t_current is not { } pool || bytes > MaxPooledLength) return reader.GetString()!;
        Span<char> buffer = stackalloc char[MaxPooledLength];
        var chars = buffer[..reader.CopyString(buffer)];
        if (pool._lookup.TryGetValue(chars, out var name)) return name;
        name = chars.ToString();
        if (pool._names.Count < MaxNames) pool._names.Add(name);
        return name;
    }
}
