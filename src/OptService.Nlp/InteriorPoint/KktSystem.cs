using System.Diagnostics;
using OptService.Nlp.LinearAlgebra;

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
    private readonly int[] _hessianRows;
    private readonly int[] _hessianColumns;
    private readonly int[] _jacobianRows;
    private readonly int[] _jacobianColumns;
    private readonly int[] _hessianPosition;
    private readonly int[] _jacobianPosition;
    private readonly int[] _diagonalPosition;
    private readonly EnvelopeLdlt _ldlt;
    private readonly double[] _residual;
    private readonly double[] _rightHandSide;
    private double[] _hessian = [];
    private double[] _jacobian = [];
    private double[] _primalDiagonal = [];
    private double _dualDiagonal;
    private double _lastDeltaW;
    private readonly double[] _rho;

    public KktSystem(int n, int m, int[] hessianRows, int[] hessianColumns, int[] jacobianRows, int[] jacobianColumns)
    {
        var clock = Stopwatch.StartNew();
        _n = n;
        _m = m;
        _hessianRows = hessianRows;
        _hessianColumns = hessianColumns;
        _jacobianRows = jacobianRows;
        _jacobianColumns = jacobianColumns;
        var count = hessianRows.Length + jacobianRows.Length + n + m;
        var rows = new int[count];
        var columns = new int[count];
        var e = 0;
        for (var k = 0; k < hessianRows.Length; k++, e++)
        {
            rows[e] = hessianRows[k];
            columns[e] = hessianColumns[k];
        }
        for (var k = 0; k < jacobianRows.Length; k++, e++)
        {
            rows[e] = n + jacobianRows[k];
            columns[e] = jacobianColumns[k];
        }
        for (var i = 0; i < n + m; i++, e++)
        {
            rows[e] = i;
            columns[e] = i;
        }
        var permutation = ReverseCuthillMcKee.Order(n + m, rows, columns, n);
        _ldlt = new EnvelopeLdlt(n + m, rows, columns, permutation);
        _hessianPosition = new int[hessianRows.Length];
        for (var k = 0; k < hessianRows.Length; k++) _hessianPosition[k] = _ldlt.PositionOf(hessianRows[k], hessianColumns[k]);
        _jacobianPosition = new int[jacobianRows.Length];
        for (var k = 0; k < jacobianRows.Length; k++) _jacobianPosition[k] = _ldlt.PositionOf(n + jacobianRows[k], jacobianColumns[k]);
        _diagonalPosition = new int[n + m];
        for (var i = 0; i < n + m; i++) _diagonalPosition[i] = _ldlt.PositionOf(i, i);
        _rho = new double[n];
        Array.Fill(_rho, PrimalRegularization);
        _residual = new double[n + m];
        _rightHandSide = new double[n + m];
        LinearAlgebraTime = clock.Elapsed;
    }

    public long FactorSize => _ldlt.Size;

    /// <summary>
    /// Makes the primal regularization relative to the size of each variable, ρᵢ = 1e-9 / max(1, |xᵢ|),
    /// so that it stays below the true curvature when iterates grow (needed to see unboundedness).
    /// </summary>
    public void ScaleRegularization(double[] x)
    {
        for (var i = 0; i < _n; i++) _rho[i] = PrimalRegularization / Math.Max(1, Math.Abs(x[i]));
    }
    public TimeSpan LinearAlgebraTime { get; private set; }

    /// <summary>δw of the last factorization (0 if the unmodified matrix had the right inertia).</summary>
    public double DeltaW { get; private set; }

    /// <summary>
    /// Factorizes with inertia correction. <paramref name="dualDiagonal"/> is the true (2,2) block
    /// (0 for the Newton step, −1 for the Gauss–Newton restoration step). Returns false if no δw ≤ 1e40 works.
    /// </summary>
    public bool Factorize(double[] hessian, double[] jacobian, double[] primalDiagonal, double dualDiagonal, bool correctInertia)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            _hessian = hessian;
            _jacobian = jacobian;
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

    private Inertia FactorizeWith(double deltaW, int maxNegative)
    {
        var values = _ldlt.Values;
        values.Clear();
        for (var k = 0; k < _hessian.Length; k++) values[_hessianPosition[k]] += _hessian[k];
        for (var k = 0; k < _jacobian.Length; k++) values[_jacobianPosition[k]] += _jacobian[k];
        for (var i = 0; i < _n; i++)
        {
            values[_diagonalPosition[i]] += _primalDiagonal[i] + deltaW + _rho[i];
        }
        var dual = Math.Min(_dualDiagonal, 0) - DualRegularization;
        for (var i = 0; i < _m; i++) values[_diagonalPosition[_n + i]] += dual;
        return _ldlt.Factorize(1e-14, maxNegative);
    }

    /// <summary>
    /// Solves in place, then refines iteratively against the unregularized matrix until the residual is
    /// below 1e-10 of the right-hand side (Ipopt's residual_ratio_max) or stops decreasing (≤ 5 steps).
    /// </summary>
    public void Solve(double[] rhs)
    {
        var clock = Stopwatch.StartNew();
        var b = _rightHandSide;
        Array.Copy(rhs, b, rhs.Length);
        _ldlt.Solve(rhs);
        var bnorm = NormInf(b);
        var previous = double.PositiveInfinity;
        for (var step = 0; step < 5; step++)
        {
            Multiply(rhs, _residual);
            for (var i = 0; i < _residual.Length; i++) _residual[i] = b[i] - _residual[i];
            var r = NormInf(_residual);
            if (r <= 1e-10 * (1 + bnorm) || r >= 0.5 * previous) break;
            previous = r;
            _ldlt.Solve(_residual);
            for (var i = 0; i < rhs.Length; i++) rhs[i] += _residual[i];
        }
        LinearAlgebraTime += clock.Elapsed;
    }

    /// <summary>
    /// y = K x with the true matrix (δw of the last factorization, no ρ/δc regularization), entry by
    /// entry. (A product over the assembled envelope, sequential and without scattered writes, was tried
    /// for issue 10: it sums in another order, and the last-bit differences in the residual changed the
    /// path of a borderline restoration, so the refinement keeps this order.)
    /// </summary>
    private void Multiply(double[] x, double[] y)
    {
        for (var i = 0; i < _n; i++) y[i] = (_primalDiagonal[i] + DeltaW) * x[i];
        for (var i = 0; i < _m; i++) y[_n + i] = _dualDiagonal * x[_n + i];
        for (var k = 0; k < _hessian.Length; k++)
        {
            int r = _hessianRows[k], c = _hessianColumns[k];
            var v = _hessian[k];
            y[r] += v * x[c];
            if (r != c) y[c] += v * x[r];
        }
        for (var k = 0; k < _jacobian.Length; k++)
        {
            int r = _n + _jacobianRows[k], c = _jacobianColumns[k];
            var v = _jacobian[k];
            y[r] += v * x[c];
            y[c] += v * x[r];
        }
    }

    private static double NormInf(double[] v)
    {
        var max = 0.0;
        foreach (var value in v) max = Math.Max(max, Math.Abs(value));
        return max;
    }
}
