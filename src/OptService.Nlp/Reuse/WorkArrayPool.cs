namespace OptService.Nlp.Reuse;

/// <summary>
/// Process-wide pool of large work arrays, keyed by element type and exact length, so that the next solve of the
/// same size (a benchmark's next run, a worker's next job) gets back arrays whose pages are already mapped.
/// <para>
/// Why: on the 2-core VM a page touched for the first time costs ≈ 4 ms per MB (minor page faults, system time)
/// against 0.04 ms per MB for touching it again, and a 50,000-interval landing solve allocated ≈ 244 MB of fresh
/// arrays, a third of its CPU time. Exact lengths (unlike <see cref="System.Buffers.ArrayPool{T}"/>, which rounds up
/// to a power of two) keep every <c>array.Length</c> in the solver meaning what it meant with <c>new T[n]</c>.
/// </para>
/// <para>
/// Bounded: at most <see cref="MaxRetainedBytes"/> are kept; a returned array beyond that, or any while the GC
/// reports high memory load, is left to the GC. Arrays shorter than <see cref="MinPooledBytes"/> are not pooled.
/// Thread-safe (one lock; a solve rents and returns a few dozen arrays).
/// </para>
/// </summary>
internal static class WorkArrayPool
{
    /// <summary>Most bytes the pool keeps between solves (a 50,000-interval solve rents ≈ 200 MB): 512 MB, or an eighth
    /// of the memory available to the process when that is less (a small container), because what the pool keeps is
    /// outside the worker's memory budget for its jobs (docs/memory.md).</summary>
    public static readonly long MaxRetainedBytes = RetainedLimit(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The limit for <paramref name="availableBytes"/> of memory (0: unknown, before the first collection).</summary>
    internal static long RetainedLimit(long availableBytes) => availableBytes > 0 ? Math.Min(512L << 20, availableBytes / 8) : 512L << 20;

    /// <summary>Smaller arrays come from the GC as usual (cheap, and the pool would only fill with odd lengths).</summary>
    public const long MinPooledBytes = 64 << 10;

    private static readonly Dictionary<(Type Element, int Length), Stack<Array>> Free = [];
    private static readonly Lock Gate = new();
    private static long _retainedBytes;

    /// <summary>Bytes held for reuse right now.</summary>
    public static long RetainedBytes
    {
        get { lock (Gate) return _retainedBytes; }
    }

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements: a pooled one if there is one (cleared when
    /// <paramref name="clear"/>; otherwise its contents are whatever the last user left), else a new one.
    /// </summary>
    public static T[] Rent<T>(int length, bool clear) where T : unmanaged
    {
        if (length <= 0) return [];
        if (Bytes<T>(length) >= MinPooledBytes)
        {
            lock (Gate)
            {
                if (Free.TryGetValue((typeof(T), length), out var stack) && stack.TryPop(out var pooled))
                {
                    _retainedBytes -= Bytes<T>(length);
                    var array = (T[])pooled;
                    if (clear) Array.Clear(array);
                    return array;
                }
            }
        }
        return clear ? new T[length] : GC.AllocateUninitializedArray<T>(length);
    }

    /// <summary>Gives <paramref name="array"/> back; the caller must not touch it afterwards.</summary>
    public static void Return<T>(T[] array) where T : unmanaged
    {
        var bytes = Bytes<T>(array.Length);
        if (bytes < MinPooledBytes) return;
        var memory = GC.GetGCMemoryInfo();
        if (memory.HighMemoryLoadThresholdBytes > 0 && memory.MemoryLoadBytes >= memory.HighMemoryLoadThresholdBytes) return;
        lock (Gate)
        {
            if (_retainedBytes + bytes > MaxRetainedBytes) return;
            var key = (typeof(T), array.Length);
            if (!Free.TryGetValue(key, out var stack)) Free[key] = stack = new Stack<Array>();
            foreach (var held in stack)
                if (ReferenceEquals(held, array)) throw new InvalidOperationException("array returned twice");
            stack.Push(array);
            _retainedBytes += bytes;
        }
    }

    /// <summary>Drops everything held (tests; a host that wants its memory back).</summary>
    public static void Clear()
    {
        lock (Gate)
        {
            Free.Clear();
            _retainedBytes = 0;
        }
    }

    private static long Bytes<T>(int length) where T : unmanaged => (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
}
