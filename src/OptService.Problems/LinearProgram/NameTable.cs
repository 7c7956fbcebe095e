using System.Buffers.Binary;
using System.Text;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Numbers distinct names by first appearance, looked up by their UTF-8 bytes (no string per lookup). Built for the
/// one lookup per term of a large model, where the time goes in cache misses rather than instructions: an open
/// addressing table of 16-byte slots that hold a name's hash, its number and its first 7 bytes with its length, so
/// that a short name (<c>x12345</c>) is found with one memory access, a longer one with a second into the bytes of
/// all names, stored end to end. <see cref="HashCode"/> is seeded per process, so hostile names cannot be chosen to
/// collide.
/// </summary>
internal sealed class NameTable
{
    private const int InlineBytes = 7;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private Slot[] _slots = new Slot[1024];
    private byte[] _bytes = new byte[8192];
    private int[] _starts = new int[1025]; // name k is _bytes[_starts[k].._starts[k + 1]]
    private string[] _names = new string[1024];
    private int _count;

    public int Count => _count;

    /// <summary>The names by number; longer than <see cref="Count"/> (the rest is empty).</summary>
    public string[] Names => _names;

    /// <summary>The number of the name whose UTF-8 bytes are <paramref name="utf8"/>; a new name gets the next one.</summary>
    /// <exception cref="DecoderFallbackException">A new name is not valid UTF-8.</exception>
    public int Find(ReadOnlySpan<byte> utf8)
    {
        var hash = Hash(utf8);
        var head = Head(utf8);
        var mask = _slots.Length - 1;
        var i = hash & mask;
        for (; _slots[i].Number != 0; i = (i + 1) & mask)
        {
            ref var slot = ref _slots[i];
            if (slot.Hash != hash || slot.Head != head) continue;
            var number = slot.Number - 1;
            if (utf8.Length <= InlineBytes || _bytes.AsSpan(_starts[number], _starts[number + 1] - _starts[number]).SequenceEqual(utf8))
                return number;
        }
        return Add(utf8, hash, head, i);
    }

    private int Add(ReadOnlySpan<byte> utf8, int hash, long head, int free)
    {
        var name = StrictUtf8.GetString(utf8);
        var number = _count++;
        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _names.Length * 2);
            Array.Resize(ref _starts, _names.Length + 1);
        }
        _names[number] = name;
        var start = _starts[number];
        if (start + utf8.Length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, start + utf8.Length));
        utf8.CopyTo(_bytes.AsSpan(start));
        _starts[number + 1] = start + utf8.Length;
        _slots[free] = new Slot(head, hash, number + 1);
        // At most three quarters full: probe runs stay short, and the table small enough to stay in the cache.
        if (_count * 4 > _slots.Length * 3) Grow();
        return number;
    }

    private void Grow()
    {
        var slots = new Slot[_slots.Length * 2];
        var mask = slots.Length - 1;
        foreach (var slot in _slots)
        {
            if (slot.Number == 0) continue;
            var i = slot.Hash & mask;
            while (slots[i].Number != 0) i = (i + 1) & mask;
            slots[i] = slot;
        }
        _slots = slots;
    }

    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = new HashCode();
        hash.AddBytes(utf8);
        return hash.ToHashCode() & int.MaxValue;
    }

    /// <summary>The first 7 bytes and the length (capped at 255): equal heads of names up to 7 bytes mean equal names.</summary>
    private static long Head(ReadOnlySpan<byte> utf8)
    {
        long head = 0;
        if (utf8.Length >= 8) head = BinaryPrimitives.ReadInt64LittleEndian(utf8) & 0x00FF_FFFF_FFFF_FFFF;
        else for (var k = 0; k < utf8.Length; k++) head |= (long)utf8[k] << (8 * k);
        return head | (long)Math.Min(utf8.Length, 255) << 56;
    }

    private readonly record struct Slot(long Head, int Hash, int Number);
}
