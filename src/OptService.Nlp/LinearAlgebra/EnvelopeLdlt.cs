using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.LinearAlgebra;

/// <summary>
/// Where the entries of one pattern block go in an <see cref="EnvelopeLdlt"/>: entry (r, c) is (Inverse[r + RowShift],
/// Inverse[c]) in the factor's ordering, at position RowOffset[i] + j of its values for i ≥ j the larger and smaller of the two.
/// </summary>
internal sealed record FactorMap(int RowShift, int[] Inverse, int[] RowOffset);

/// <summary>Counts of positive, negative and zero pivots of D (by Sylvester's law, the inertia of the matrix).</summary>
internal readonly record struct Inertia(int Positive, int Negative, int Zero);

/// <summary>
/// Sparse symmetric LDLᵀ without pivoting in envelope (skyline, variable-band) storage under a fixed
/// symmetric permutation. Row i of L is stored from its first structural non-zero to the diagonal,
/// so fill stays inside the envelope and both storage and work are O(n · bandwidth) for a banded
/// matrix with a few trailing full rows.
/// <para>
/// Without pivoting the factorization is stable for quasi-definite matrices [H  Aᵀ; A  −C] with H and C
/// positive definite, which the interior-point solver guarantees by regularizing (δw on the primal
/// block, −δc on the dual block). The inertia is read from D; a pivot below the tolerance is reported
/// as zero so that the caller increases the regularization.
/// </para>
/// </summary>
internal sealed class EnvelopeLdlt
{
    private readonly int _n;
    private readonly int[] _permutation; // new → old
    private readonly int[] _inverse;     // old → new
    private readonly int[] _first;       // first column of each (permuted) row's envelope
    private readonly int[] _offset;      // values[_offset[i] + j] = entry (i, j), first[i] ≤ j ≤ i
    private readonly double[] _factor;
    private readonly double[] _d;
    private readonly double[] _work;

    public EnvelopeLdlt(int n, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, int[] permutation)
        : this(n, [new PatternBlock(rows.ToArray(), columns.ToArray())], permutation)
    {
    }

    /// <summary>The envelope of a pattern given in parts (see <see cref="PatternBlock"/>) under <paramref name="permutation"/>.</summary>
    // Runs once per solve over millions of entries: tiered compilation would never promote it past
    // tier 0 with on-stack replacement, so it is compiled fully optimized from the start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public EnvelopeLdlt(int n, ReadOnlySpan<PatternBlock> pattern, int[] permutation, SolveArrays? arrays = null)
    {
        arrays ??= SolveArrays.Unpooled;
        _n = n;
        _permutation = permutation;
        _inverse = arrays.Rent<int>(n, clear: false); // every position is written: permutation is one
        for (var i = 0; i < n; i++) _inverse[permutation[i]] = i;
        _first = arrays.Rent<int>(n, clear: false);
        for (var i = 0; i < n; i++) _first[i] = i;
        foreach (var (rows, columns, shift) in pattern)
        {
            for (var e = 0; e < rows.Length; e++)
            {
                int a = _inverse[rows[e] + shift], b = _inverse[columns[e]];
                int i = Math.Max(a, b), j = Math.Min(a, b);
                if (j < _first[i]) _first[i] = j;
            }
        }
        _offset = arrays.Rent<int>(n, clear: false);
        long size = 0;
        for (var i = 0; i < n; i++)
        {
            _offset[i] = checked((int)(size - _first[i]));
            size += i - _first[i] + 1;
        }
        Size = size;
        // The factor is cleared before every assembly (KktSystem.FactorizeWith), so a pooled one need not be cleared here.
        _factor = arrays.Rent<double>(checked((int)size), clear: false);
        _d = arrays.Rent<double>(n);
        _work = arrays.Rent<double>(n);
    }

    /// <summary>Stored entries of the envelope.</summary>
    public long Size { get; }

    /// <summary>How entries of a pattern block (rows shifted by <paramref name="rowShift"/>) map into this factor.</summary>
    public FactorMap Map(int rowShift) => new(rowShift, _inverse, _offset);

    /// <summary>Position in <see cref="Values"/> of entry (row, column) in original indices.</summary>
    public int PositionOf(int row, int column)
    {
        int a = _inverse[row], b = _inverse[column];
        int i = Math.Max(a, b), j = Math.Min(a, b);
        return _offset[i] + j;
    }

    /// <summary>
    /// The matrix to factorize (lower envelope); the caller clears and scatters into it, and
    /// <see cref="Factorize"/> overwrites it with the factor (no copy: at 50,000 intervals the envelope
    /// has 2.2·10⁶ entries and the factorization is memory-bound).
    /// </summary>
    public Span<double> Values => _factor;

    /// <summary>
    /// Factorizes <see cref="Values"/> in place; returns the inertia, stopping at the first pivot
    /// that is zero relative to its original diagonal entry (|dᵢ| ≤ tolerance·|aᵢᵢ|, or not finite).
    /// With <paramref name="maxNegative"/> it also stops as soon as there are more negative pivots than
    /// that (returning the counts so far): a caller that needs a given inertia rejects the matrix anyway.
    /// </summary>
    // A kernel of every iteration: compiled fully optimized at the first call rather than after tiering,
    // which a solve that is the process's first (or a worker's first large one) would otherwise run in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Inertia Factorize(double pivotTolerance, int maxNegative = int.MaxValue)
    {
        // Element access through refs: a band row has about six entries, so per-entry span slicing and
        // bounds checks cost more than the products (the envelope's invariants, fᵢ ≤ j ≤ i within the
        // row's storage, keep every access inside the array). Same operations in the same order as before.
        ref var v = ref MemoryMarshal.GetArrayDataReference(_factor);
        var first = _first;
        var offset = _offset;
        var d = _d;
        int positive = 0, negative = 0;
        for (var i = 0; i < _n; i++)
        {
            var fi = first[i];
            var ri = offset[i];
            for (var j = fi; j < i; j++)
            {
                var k0 = Math.Max(fi, first[j]);
                var length = j - k0;
                if (length == 0) continue;
                // t_j = a_ij − Σ_k t_k L_jk, where t_k = L_ik d_k is kept in row i until it is finished.
                Unsafe.Add(ref v, ri + j) -= DotShortFirst(ref Unsafe.Add(ref v, ri + k0), ref Unsafe.Add(ref v, offset[j] + k0), length);
            }
            var diagonal = Unsafe.Add(ref v, ri + i);
            var threshold = pivotTolerance * Math.Abs(diagonal) + 1e-300;
            for (var j = fi; j < i; j++)
            {
                ref var entry = ref Unsafe.Add(ref v, ri + j);
                var t = entry;
                var l = t / d[j];
                entry = l;
                diagonal -= t * l;
            }
            if (!(Math.Abs(diagonal) > threshold) || !double.IsFinite(diagonal))
                return new Inertia(positive, negative, _n - positive - negative);
            d[i] = diagonal;
            if (diagonal > 0) positive++;
            else if (++negative > maxNegative) return new Inertia(positive, negative, 0);
        }
        return new Inertia(positive, negative, 0);
    }

    /// <summary>Solves L D Lᵀ x = b in place (original ordering) with the last successful factorization.</summary>
    public void Solve(Span<double> b)
    {
        var y = _work;
        ToPermuted(b, y);
        SolvePermuted(y);
        ToOriginal(y, b);
    }

    /// <summary>y[new] = b[old]: a vector in the factor's (permuted) ordering.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ToPermuted(ReadOnlySpan<double> b, Span<double> y)
    {
        for (var i = 0; i < _n; i++) y[i] = b[_permutation[i]];
    }

    /// <summary>b[old] = y[new]: back to the original ordering.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ToOriginal(ReadOnlySpan<double> y, Span<double> b)
    {
        for (var i = 0; i < _n; i++) b[_permutation[i]] = y[i];
    }

    /// <summary>Solves L D Lᵀ y = b in place, b and y in the permuted ordering.</summary>
    // A kernel of every iteration: compiled fully optimized at the first call rather than after tiering,
    // which a solve that is the process's first (or a worker's first large one) would otherwise run in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SolvePermuted(Span<double> y)
    {
        if (y.Length < _n) throw new ArgumentException("vector shorter than the matrix", nameof(y));
        // Refs instead of per-row spans, as in Factorize: same operations in the same order.
        ref var v = ref MemoryMarshal.GetArrayDataReference(_factor);
        ref var y0 = ref MemoryMarshal.GetReference(y);
        var first = _first;
        var offset = _offset;
        for (var i = 0; i < _n; i++)
        {
            var fi = first[i];
            Unsafe.Add(ref y0, i) -= DotShortFirst(ref Unsafe.Add(ref v, offset[i] + fi), ref Unsafe.Add(ref y0, fi), i - fi);
        }
        var d = _d;
        for (var i = 0; i < _n; i++) Unsafe.Add(ref y0, i) /= d[i];
        for (var i = _n - 1; i >= 0; i--)
        {
            var fi = first[i];
            var xi = Unsafe.Add(ref y0, i);
            if (xi == 0) continue;
            ref var row = ref Unsafe.Add(ref v, offset[i] + fi);
            ref var target = ref Unsafe.Add(ref y0, fi);
            var length = i - fi;
            for (var k = 0; k < length; k++) Unsafe.Add(ref target, k) -= Unsafe.Add(ref row, k) * xi;
        }
    }

    /// <summary>
    /// <see cref="Dot"/> of the <paramref name="length"/> values from <paramref name="a"/> and from <paramref name="b"/>
    /// with the short case inline: most rows of a collocation KKT matrix are a band of ≈ 6, where a call and
    /// span slicing cost more than the products. The same operations in the same order as <see cref="Dot"/>,
    /// so the same result.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double DotShortFirst(ref double a, ref double b, int length)
    {
        if (Vector.IsHardwareAccelerated && length >= 2 * Vector<double>.Count)
            return Dot(ref a, ref b, length);
        var sum = 0.0;
        for (var k = 0; k < length; k++) sum += Unsafe.Add(ref a, k) * Unsafe.Add(ref b, k);
        return sum;
    }

    // Vectorized for long rows (the trailing full rows, wide constraint rows); refs rather than a span slice per
    // vector, with the same loads and the same order of additions as the span form it replaces.
    private static double Dot(ref double a, ref double b, int length)
    {
        var sum = 0.0;
        var k = 0;
        var width = Vector<double>.Count;
        if (Vector.IsHardwareAccelerated && length >= 2 * width)
        {
            var acc = Vector<double>.Zero;
            for (; k <= length - width; k += width)
                acc += Vector.LoadUnsafe(ref a, (nuint)k) * Vector.LoadUnsafe(ref b, (nuint)k);
            sum = Vector.Sum(acc);
        }
        for (; k < length; k++) sum += Unsafe.Add(ref a, k) * Unsafe.Add(ref b, k);
        return sum;
    }
}
