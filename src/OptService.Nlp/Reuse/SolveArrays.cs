namespace OptService.Nlp.Reuse;

/// <summary>
/// The large work arrays of one solve, rented from <see cref="WorkArrayPool"/> and all given back when the solve ends
/// (<see cref="Dispose"/>, which the solver calls in a <c>finally</c>, so also on exceptions and cancellation).
/// Nothing rented may leave the solve: results are copied out (see <c>BarrierProblem.ToUser</c>).
/// <para>
/// <see cref="Unpooled"/> hands out plain new (zeroed) arrays and keeps nothing (for callers outside a solve, such as tests
/// of the linear algebra on its own).
/// </para>
/// </summary>
internal sealed class SolveArrays : IDisposable
{
    private readonly bool _pooled;
    private readonly List<Array> _rented = [];
    private readonly List<Action> _returns = [];
    private bool _disposed;

    public SolveArrays() : this(pooled: true)
    {
    }

    private SolveArrays(bool pooled) => _pooled = pooled;

    /// <summary>Plain allocation, nothing pooled or tracked.</summary>
    public static SolveArrays Unpooled { get; } = new(pooled: false);

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements for the rest of the solve. Zeroed like <c>new T[n]</c>
    /// unless <paramref name="clear"/> is false, which a caller may only pass if it writes every element before reading it.
    /// </summary>
    public T[] Rent<T>(int length, bool clear = true) where T : unmanaged
    {
        if (!_pooled) return new T[length]; // zeroed either way: callers outside a solve may rely on it
        ObjectDisposedException.ThrowIf(_disposed, this);
        var array = WorkArrayPool.Rent<T>(length, clear);
        if (array.Length > 0)
        {
            _rented.Add(array);
            _returns.Add(() => WorkArrayPool.Return(array));
        }
        return array;
    }

    /// <summary>Gives back early an array no longer needed in this solve (a set-up temporary); the caller drops its references.</summary>
    public void Release<T>(T[] array) where T : unmanaged
    {
        if (!_pooled || array.Length == 0) return;
        var index = _rented.FindIndex(a => ReferenceEquals(a, array));
        if (index < 0) throw new InvalidOperationException("array not rented by this solve");
        _rented.RemoveAt(index);
        _returns.RemoveAt(index);
        WorkArrayPool.Return(array);
    }

    /// <summary>Number of arrays still rented (tests).</summary>
    public int RentedCount => _rented.Count;

    public void Dispose()
    {
        if (!_pooled || _disposed) return;
        _disposed = true;
        foreach (var giveBack in _returns) giveBack();
        _rented.Clear();
        _returns.Clear();
    }
}
