using System.Runtime.CompilerServices;
using OptService.Nlp.LinearAlgebra;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.InteriorPoint;

/// <summary>
/// The entries of one Hessian or Jacobian value array that are not exactly zero, packed with their row and
/// column (in the factor's ordering, for the KKT system) and their position in the envelope, in the original entry order.
/// <para>
/// A collocation problem declares dense stage blocks (every stage function against every stage variable),
/// but most of those entries are structurally zero: for the normalized-time lander 7 of 20 stage Jacobian
/// entries and 2 of 15 stage Hessian entries can be non-zero, so about two thirds of the 1.7 million
/// entries at 50,000 forward-Euler intervals are zeros. The structure (and so the ordering and the
/// envelope) stays as declared; only the passes that run several times per iteration — the assembly of
/// every factorization attempt and the KKT product of every refinement step — read this packed list,
/// which <see cref="Gather"/> rebuilds once per <see cref="KktSystem.Factorize"/>. Skipping a term
/// v·x with v = 0 adds nothing, and the remaining terms are summed in the same order as before, so the
/// results are bit for bit the same.
/// </para>
/// <para>
/// The interior-point iteration keeps a second list of the Jacobian in its own (unpermuted) indices, without
/// positions, for its passes over Jᵀλ (dual residual, Newton right-hand side, restoration) and the rounding floor.
/// </para>
/// </summary>
/// <remarks>
/// With a <see cref="FactorMap"/> the rows and columns are mapped into the factor's ordering, and the envelope positions
/// found, while packing (only the non-zero entries pay for it); without one they are kept as given, without positions.
/// </remarks>
internal sealed class NonZeroEntries(int[] rows, int[] columns, FactorMap? map = null, SolveArrays? arrays = null)
{
    /// <summary>One non-zero entry: its row and column in the factor's ordering and its value.</summary>
    public readonly record struct Entry(int Row, int Column, double Value);

    // As long as the structure, uninitialized: only the packed prefix is ever written or read, so only its pages
    // are touched (about a third for the lander), and the arrays are not cleared first (nor when they come from the pool).
    private readonly Entry[] _entries = (arrays ?? SolveArrays.Unpooled).Rent<Entry>(rows.Length, clear: false);
    private readonly int[] _positions = map is null ? [] : (arrays ?? SolveArrays.Unpooled).Rent<int>(rows.Length, clear: false);

    /// <summary>Number of packed entries.</summary>
    public int Count { get; private set; }

    /// <summary>The packed entries (the first <see cref="Count"/>).</summary>
    public ReadOnlySpan<Entry> Entries => _entries.AsSpan(0, Count);

    /// <summary>Envelope position of each packed entry (the first <see cref="Count"/>), when a factor map was given.</summary>
    public ReadOnlySpan<int> Positions => _positions.AsSpan(0, Count);

    /// <summary>Packs the non-zero entries of <paramref name="values"/> (one per structural entry, or none for an all-zero matrix).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Gather(double[] values)
    {
        var count = 0;
        var entries = _entries;
        if (map is null)
        {
            for (var k = 0; k < values.Length; k++)
            {
                var v = values[k];
                if (v == 0) continue; // NaN is kept, so a non-finite value still reaches the factorization
                entries[count++] = new Entry(rows[k], columns[k], v);
            }
        }
        else
        {
            var packedPositions = _positions;
            var inverse = map.Inverse;
            var offset = map.RowOffset;
            var shift = map.RowShift;
            for (var k = 0; k < values.Length; k++)
            {
                var v = values[k];
                if (v == 0) continue;
                int r = inverse[rows[k] + shift], c = inverse[columns[k]];
                entries[count] = new Entry(r, c, v);
                packedPositions[count] = offset[Math.Max(r, c)] + Math.Min(r, c);
                count++;
            }
        }
        Count = count;
    }
}
