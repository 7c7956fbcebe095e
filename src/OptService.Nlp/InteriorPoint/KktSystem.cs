using System.Diagnostics;
using System.Runtime.CompilerServices;
using OptService.Nlp.LinearAlgebra;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.InteriorPoint;

/// <summary>
/// The primal-dual system of one interior-point iteration,
/// <code>
/// [ W + Σ + δw I    Jᵀ   ] [dx]   [r₁]
/// [ J            −δc I   ] [dλ] = [r₂]
/// </code>
/// with N primal and M dual unknowns, ordered once by reverse Cuthill–McKee and factorized by the
/// envelope LDLᵀ. A small quasi-definite regularization (ρ on the primal, δc on the dual block) keeps
/// the pivot-free factorization stable; iterative refinement against the unregularized matrix
/// removes its effect on the step. Inertia correction (Ipopt's rule) raises δw until the inertia is
/// (N, M, 0), i.e. until the reduced Hessian is positive definite.
/// </summary>
internal sealed class KktSystem
{
    private const double PrimalRegularization = 1e-9;
    private const double DualRegularization = 1e-9;

    private readonly int _n;
    private readonly int _m;
    // The non-zero Hessian and Jacobian entries of the current factorization (see NonZeroEntries) with their
    // envelope positions and their row and column in the factor's (permuted) ordering, in which iterative
    // refinement runs: the residual, the correction and the solution then stay permuted between the steps
    // instead of being gathered and scattered through the permutation at every step.
    private readonly NonZeroEntries _hessianEntries;
    private readonly NonZeroEntries _jacobianEntries;
    private readonly int[] _permutation; // factor position → original index
    private readonly int[] _diagonalPosition;
    private readonly EnvelopeLdlt _ldlt;
    private readonly double[] _residual;
    private readonly double[] _rightHandSide;
    private readonly double[] _solution;
    private double[] _primalDiagonal = [];
    private double _dualDiagonal;
    private double _lastDeltaW;
    private readonly double[] _rho;

    // Runs once per solve over millions of entries: tiered compilation would never promote it past
    // tier 0 with on-stack replacement, so it is compiled fully optimized from the start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public KktSystem(int n, int m, int[] hessianRows, int[] hessianColumns, int[] jacobianRows, int[] jacobianColumns, SolveArrays? arrays = null)
    {
        arrays ??= SolveArrays.Unpooled;
        var clock = Stopwatch.StartNew();
        _n = n;
        _m = m;
        // The Hessian block, then the Jacobian block below it (the order of a concatenation, which the ordering's
        // tie-breaks depend on); the diagonal is implied.
        PatternBlock[] pattern = [new(hessianRows, hessianColumns), new(jacobianRows, jacobianColumns, n)];
        var permutation = ReverseCuthillMcKee.Order(n + m, pattern, n, arrays);
        _ldlt = new EnvelopeLdlt(n + m, pattern, permutation, arrays);
        _permutation = permutation;
        // Row, column and envelope position of each entry are looked up for the non-zero entries when they are
        // packed, rather than stored for every structural entry (five arrays of 1–2·10⁶ indices at 50,000 intervals).
        _hessianEntries = new NonZeroEntries(hessianRows, hessianColumns, _ldlt.Map(0), arrays);
        _jacobianEntries = new NonZeroEntries(jacobianRows, jacobianColumns, _ldlt.Map(n), arrays);
        _diagonalPosition = arrays.Rent<int>(n + m);
        for (var i = 0; i < n + m; i++) _diagonalPosition[i] = _ldlt.PositionOf(i, i);
        _rho = arrays.Rent<double>(n);
        Array.Fill(_rho, PrimalRegularization);
        _residual = arrays.Rent<double>(n + m);
        _rightHandSide = arrays.Rent<double>(n + m);
        _solution = arrays.Rent<double>(n + m);
        LinearAlgebraTime = clock.Elapsed;
    }

    public long FactorSize => _ldlt.Size;

    /// <summary>
    /// Makes the primal regularization relative to the size of each variable, ρᵢ = 1e-9 / max(1, |xᵢ|),
    /// so that it stays below the true curvature when iterates grow (needed to see unboundedness).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScaleRegularization(double[] x)
    {
        for (var i = 0; i < _n; i++) _rho[i] = PrimalRegularization / Math.Max(1, Math.Abs(x[i]));
    }
    public TimeSpan LinearAlgebraTime { get; private set; }

    /// <summary>δw of the last factorization (0 if the unmodified matrix had the right inertia).</summary>
    public double DeltaW { get; private set; }

    /// <summary>
    /// Factorizes with inertia correction. <paramref name="hessian"/> holds one value per structural Hessian entry,
    /// or is empty for a zero Hessian. <paramref name="dualDiagonal"/> is the true (2,2) block
    /// (0 for the Newton step, −1 for the Gauss–Newton restoration step). Returns false if no δw ≤ 1e40 works.
    /// </summary>
    public bool Factorize(double[] hessian, double[] jacobian, double[] primalDiagonal, double dualDiagonal, bool correctInertia)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            // Packed once per call: every inertia-correction attempt and every refinement step reads the packed lists.
            _hessianEntries.Gather(hessian);
            _jacobianEntries.Gather(jacobian);
            _primalDiagonal = primalDiagonal;
            _dualDiagonal = dualDiagonal;
            var deltaW = 0.0;
            for (var attempt = 0; attempt < 80; attempt++)
            {
                var inertia = FactorizeWith(deltaW, correctInertia ? _m : int.MaxValue);
                var ok = inertia.Zero == 0 && (!correctInertia || (inertia.Positive == _n && inertia.Negative == _m));
                if (ok)
                {
                    DeltaW = deltaW;
                    if (deltaW > 0) _lastDeltaW = deltaW;
                    return true;
                }
                // Ipopt's inertia-correction rule: first 1e-4 (or a third of the last δw), then ×100 / ×8.
                if (deltaW == 0)
                    deltaW = _lastDeltaW == 0 ? 1e-4 : Math.Max(1e-20, _lastDeltaW / 3);
                else
                    deltaW *= _lastDeltaW == 0 ? 100 : 8;
                if (deltaW > 1e40) return false;
            }
            return false;
        }
        finally
        {
            LinearAlgebraTime += clock.Elapsed;
        }
    }

    // A kernel of every iteration: compiled fully optimized at the first call rather than after tiering,
    // which a solve that is the process's first (or a worker's first large one) would otherwise run in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private Inertia FactorizeWith(double deltaW, int maxNegative)
    {
        var values = _ldlt.Values;
        values.Clear();
        Scatter(values, _hessianEntries);
        Scatter(values, _jacobianEntries);
        for (var i = 0; i < _n; i++)
        {
            values[_diagonalPosition[i]] += _primalDiagonal[i] + deltaW + _rho[i];
        }
        var dual = Math.Min(_dualDiagonal, 0) - DualRegularization;
        for (var i = 0; i < _m; i++) values[_diagonalPosition[_n + i]] += dual;
        return _ldlt.Factorize(1e-14, maxNegative);
    }

    private static void Scatter(Span<double> values, NonZeroEntries packed)
    {
        var entries = packed.Entries;
        var positions = packed.Positions;
        for (var k = 0; k < entries.Length; k++) values[positions[k]] += entries[k].Value;
    }

    /// <summary>
    /// Solves in place, then refines iteratively against the unregularized matrix until the residual is
    /// below 1e-10 of the right-hand side (Ipopt's residual_ratio_max) or stops decreasing (≤ 5 steps).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Solve(double[] rhs)
    {
        var clock = Stopwatch.StartNew();
        // Everything below is in the factor's ordering; rhs is mapped in once and the solution out once.
        var b = _rightHandSide;
        _ldlt.ToPermuted(rhs, b);
        var x = _solution;
        Array.Copy(b, x, b.Length);
        _ldlt.SolvePermuted(x);
        var bnorm = NormInf(b);
        var previous = double.PositiveInfinity;
        for (var step = 0; step < 5; step++)
        {
            Multiply(x, _residual);
            var r = 0.0;
            for (var i = 0; i < _residual.Length; i++)
            {
                _residual[i] = b[i] - _residual[i];
                r = Math.Max(r, Math.Abs(_residual[i]));
            }
            if (r <= 1e-10 * (1 + bnorm) || r >= 0.5 * previous) break;
            previous = r;
            _ldlt.SolvePermuted(_residual);
            for (var i = 0; i < x.Length; i++) x[i] += _residual[i];
        }
        _ldlt.ToOriginal(x, rhs);
        LinearAlgebraTime += clock.Elapsed;
    }

    /// <summary>
    /// y = K x in the factor's ordering with the true matrix (δw of the last factorization, no ρ/δc
    /// regularization), entry by entry over the non-zero entries (a zero entry adds nothing). Every yᵢ gets
    /// the same terms in the same order as in the original ordering, so the result is bit for bit that of
    /// the unpermuted product. (A product over
    /// the assembled envelope, sequential and without scattered writes, was tried for issue 10: it sums
    /// in another order, and the last-bit differences in the residual changed the path of a borderline
    /// restoration, so the refinement keeps this order.)
    /// </summary>
    // A kernel of every iteration: compiled fully optimized at the first call rather than after tiering,
    // which a solve that is the process's first (or a worker's first large one) would otherwise run in.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Multiply(double[] x, double[] y)
    {
        var permutation = _permutation;
        var primalShift = DeltaW;
        for (var p = 0; p < y.Length; p++)
        {
            var i = permutation[p];
            y[p] = (i < _n ? _primalDiagonal[i] + primalShift : _dualDiagonal) * x[p];
        }
        foreach (var (r, c, v) in _hessianEntries.Entries)
        {
            y[r] += v * x[c];
            if (r != c) y[c] += v * x[r];
        }
        foreach (var (r, c, v) in _jacobianEntries.Entries)
        {
            y[r] += v * x[c];
            y[c] += v * x[r];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double NormInf(double[] v)
    {
        var max = 0.0;
        foreach (var value in v) max = Math.Max(max, Math.Abs(value));
        return max;
    }
}
