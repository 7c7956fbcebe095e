using System.Diagnostics;
using System.Runtime.CompilerServices;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.InteriorPoint;

/// <summary>
/// The user's NLP as the interior-point iteration sees it: fixed variables removed, every inequality
/// row turned into an equality with a bounded slack (gᵢ(x) − sᵢ = 0, gLᵢ ≤ sᵢ ≤ gUᵢ), objective and
/// rows scaled by Ipopt's gradient-based rule. Internal variables are [free x; slacks]; constraints
/// c(x, s) = 0 with one row per user constraint. Times the user callbacks.
/// </summary>
internal sealed class BarrierProblem
{
    private readonly INlpProblem _problem;
    private readonly int[] _freeToUser;
    private readonly int[] _userToFree;
    private readonly int[] _rowSlack;       // user row → slack index or −1
    private readonly double[] _rowTarget;   // equality rows: gL
    private readonly double[] _xUser;
    private readonly double[] _gradientUser;
    private readonly double[] _gUser;
    private readonly double[] _jacobianUser;
    private readonly int[] _jacobianKeep;   // internal jacobian entry → user entry (first part)
    private readonly double[] _hessianUser;
    private readonly int[] _hessianKeep;
    private readonly double[] _multipliersUser;
    private readonly double[] _gLower;
    private readonly double[] _gUpper;
    private readonly Stopwatch _clock = new();

    // Runs once per solve over millions of entries: tiered compilation would never promote it past
    // tier 0 with on-stack replacement, so it is compiled fully optimized from the start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public BarrierProblem(INlpProblem problem, bool gradientScaling, SolveArrays? arrays = null)
    {
        // Every array of more than a few elements is rented for the solve (see SolveArrays): the set-up temporaries are
        // given back at the end of this constructor, so that later arrays of the same length in this solve reuse them.
        arrays ??= SolveArrays.Unpooled;
        _problem = problem;
        var n = problem.VariableCount;
        var m = problem.ConstraintCount;
        var xL = arrays.Rent<double>(n);
        var xU = arrays.Rent<double>(n);
        _gLower = arrays.Rent<double>(m);
        _gUpper = arrays.Rent<double>(m);
        problem.GetBounds(xL, xU, _gLower, _gUpper);
        for (var i = 0; i < n; i++)
        {
            if (xL[i] <= -NlpBounds.Infinity) xL[i] = double.NegativeInfinity;
            if (xU[i] >= NlpBounds.Infinity) xU[i] = double.PositiveInfinity;
            if (xL[i] > xU[i]) throw new ArgumentException($"variable {i}: lower bound {xL[i]} above upper bound {xU[i]}");
        }
        for (var i = 0; i < m; i++)
        {
            if (_gLower[i] <= -NlpBounds.Infinity) _gLower[i] = double.NegativeInfinity;
            if (_gUpper[i] >= NlpBounds.Infinity) _gUpper[i] = double.PositiveInfinity;
            if (_gLower[i] > _gUpper[i]) throw new ArgumentException($"constraint {i}: lower bound above upper bound");
        }
        _xUser = arrays.Rent<double>(n);
        problem.GetStartingPoint(_xUser);
        _userToFree = arrays.Rent<int>(n);
        // Counted first, then listed into arrays of the exact size (no growing lists of 10⁵ entries).
        var freeCount = 0;
        for (var i = 0; i < n; i++)
        {
            if (xL[i] == xU[i])
            {
                _userToFree[i] = -1;
                _xUser[i] = xL[i];
            }
            else _userToFree[i] = freeCount++;
        }
        _freeToUser = arrays.Rent<int>(freeCount);
        for (var i = 0; i < n; i++)
            if (_userToFree[i] >= 0) _freeToUser[_userToFree[i]] = i;
        FreeCount = _freeToUser.Length;
        _rowSlack = arrays.Rent<int>(m);
        _rowTarget = arrays.Rent<double>(m);
        var slackCount = 0;
        for (var i = 0; i < m; i++)
        {
            if (_gLower[i] == _gUpper[i])
            {
                _rowSlack[i] = -1;
                _rowTarget[i] = _gLower[i];
                EqualityCount++;
            }
            else _rowSlack[i] = slackCount++;
        }
        var slackRows = arrays.Rent<int>(slackCount);
        for (var i = 0; i < m; i++)
            if (_rowSlack[i] >= 0) slackRows[_rowSlack[i]] = i;
        SlackCount = slackCount;
        N = FreeCount + SlackCount;
        M = m;

        // Jacobian: user entries on free columns, then one −1 per slack.
        var jr = arrays.Rent<int>(problem.JacobianNonZeroCount);
        var jc = arrays.Rent<int>(jr.Length);
        problem.GetJacobianStructure(jr, jc);
        // Arrays sized by a counting pass rather than growing lists: at 50,000 intervals there are 10⁶ entries.
        var kept = 0;
        for (var e = 0; e < jr.Length; e++)
        {
            if (jr[e] < 0 || jr[e] >= m || jc[e] < 0 || jc[e] >= n) throw new ArgumentException($"Jacobian entry {e} out of range");
            if (_userToFree[jc[e]] >= 0) kept++;
        }
        _jacobianKeep = arrays.Rent<int>(kept);
        JacobianRows = arrays.Rent<int>(kept + SlackCount);
        JacobianColumns = arrays.Rent<int>(JacobianRows.Length);
        kept = 0;
        for (var e = 0; e < jr.Length; e++)
        {
            var column = _userToFree[jc[e]];
            if (column < 0) continue;
            _jacobianKeep[kept] = e;
            JacobianRows[kept] = jr[e];
            JacobianColumns[kept] = column;
            kept++;
        }
        for (var s = 0; s < SlackCount; s++)
        {
            JacobianRows[kept + s] = slackRows[s];
            JacobianColumns[kept + s] = FreeCount + s;
        }
        _jacobianUser = arrays.Rent<double>(jr.Length);

        var hr = arrays.Rent<int>(problem.HessianNonZeroCount);
        var hc = arrays.Rent<int>(hr.Length);
        problem.GetHessianStructure(hr, hc);
        var hessianKept = 0;
        for (var e = 0; e < hr.Length; e++)
        {
            if (hr[e] < 0 || hr[e] >= n || hc[e] < 0 || hc[e] >= n) throw new ArgumentException($"Hessian entry {e} out of range");
            if (_userToFree[hr[e]] >= 0 && _userToFree[hc[e]] >= 0) hessianKept++;
        }
        _hessianKeep = arrays.Rent<int>(hessianKept);
        HessianRows = arrays.Rent<int>(hessianKept);
        HessianColumns = arrays.Rent<int>(hessianKept);
        hessianKept = 0;
        for (var e = 0; e < hr.Length; e++)
        {
            int a = _userToFree[hr[e]], b = _userToFree[hc[e]];
            if (a < 0 || b < 0) continue;
            _hessianKeep[hessianKept] = e;
            HessianRows[hessianKept] = Math.Max(a, b);
            HessianColumns[hessianKept] = Math.Min(a, b);
            hessianKept++;
        }
        _hessianUser = arrays.Rent<double>(hr.Length);
        arrays.Release(hr);
        arrays.Release(hc);
        _multipliersUser = arrays.Rent<double>(m);
        _gradientUser = arrays.Rent<double>(n);
        _gUser = arrays.Rent<double>(m);

        RowScale = arrays.Rent<double>(m);
        Array.Fill(RowScale, 1.0);
        if (gradientScaling)
        {
            Time(() => _problem.ObjectiveGradient(_xUser, _gradientUser));
            var gmax = 0.0;
            foreach (var i in _freeToUser) gmax = Math.Max(gmax, Math.Abs(_gradientUser[i]));
            ObjectiveScale = gmax > 100 ? 100 / gmax : 1;
            Time(() => _problem.JacobianValues(_xUser, _jacobianUser));
            var rowMax = arrays.Rent<double>(m);
            foreach (var e in _jacobianKeep) rowMax[jr[e]] = Math.Max(rowMax[jr[e]], Math.Abs(_jacobianUser[e]));
            for (var i = 0; i < m; i++) RowScale[i] = rowMax[i] > 100 ? 100 / rowMax[i] : 1;
            arrays.Release(rowMax);
        }
        arrays.Release(jr);
        arrays.Release(jc);

        Lower = arrays.Rent<double>(N);
        Upper = arrays.Rent<double>(N);
        for (var k = 0; k < FreeCount; k++)
        {
            Lower[k] = xL[_freeToUser[k]];
            Upper[k] = xU[_freeToUser[k]];
        }
        for (var s = 0; s < SlackCount; s++)
        {
            var row = slackRows[s];
            Lower[FreeCount + s] = RowScale[row] * _gLower[row];
            Upper[FreeCount + s] = RowScale[row] * _gUpper[row];
        }
        arrays.Release(xL);
        arrays.Release(xU);
        StartingPoint = arrays.Rent<double>(N);
        for (var k = 0; k < FreeCount; k++) StartingPoint[k] = _xUser[_freeToUser[k]];
        if (SlackCount > 0)
        {
            SetUser(StartingPoint);
            Time(() => _problem.Constraints(_xUser, _gUser));
            for (var s = 0; s < SlackCount; s++) StartingPoint[FreeCount + s] = RowScale[slackRows[s]] * _gUser[slackRows[s]];
        }
        arrays.Release(slackRows);
    }

    public int N { get; }
    public int M { get; }
    public int FreeCount { get; }
    public int SlackCount { get; }
    public int EqualityCount { get; }
    public double ObjectiveScale { get; } = 1;
    public double[] RowScale { get; }
    public double[] Lower { get; }
    public double[] Upper { get; }
    public double[] StartingPoint { get; }
    public int[] JacobianRows { get; }
    public int[] JacobianColumns { get; }
    public int[] HessianRows { get; }
    public int[] HessianColumns { get; }
    public int ObjectiveEvaluations { get; private set; }
    public int ConstraintEvaluations { get; private set; }
    public TimeSpan EvaluationTime => _clock.Elapsed;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SetUser(ReadOnlySpan<double> x)
    {
        for (var k = 0; k < FreeCount; k++) _xUser[_freeToUser[k]] = x[k];
    }

    private void Time(Action action)
    {
        _clock.Start();
        try { action(); }
        finally { _clock.Stop(); }
    }

    public double Objective(double[] x)
    {
        SetUser(x);
        ObjectiveEvaluations++;
        _clock.Start();
        var f = _problem.Objective(_xUser);
        _clock.Stop();
        return ObjectiveScale * f;
    }

    public double UnscaledObjective(double[] x) => Objective(x) / ObjectiveScale;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Gradient(double[] x, double[] gradient)
    {
        SetUser(x);
        Time(() => _problem.ObjectiveGradient(_xUser, _gradientUser));
        for (var k = 0; k < FreeCount; k++) gradient[k] = ObjectiveScale * _gradientUser[_freeToUser[k]];
        Array.Clear(gradient, FreeCount, SlackCount);
    }

    /// <summary>c(x, s): scaled gᵢ − gLᵢ on equality rows, scaled gᵢ − sᵢ on the others.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Constraints(double[] x, double[] c)
    {
        SetUser(x);
        ConstraintEvaluations++;
        Time(() => _problem.Constraints(_xUser, _gUser));
        for (var i = 0; i < M; i++)
        {
            var s = _rowSlack[i];
            c[i] = s < 0 ? RowScale[i] * (_gUser[i] - _rowTarget[i]) : RowScale[i] * _gUser[i] - x[FreeCount + s];
        }
    }

    /// <summary>Unscaled violation of gL ≤ g(x) ≤ gU (∞-norm) at the point of the last <see cref="Constraints"/> call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LastUnscaledViolation()
    {
        var violation = 0.0;
        for (var i = 0; i < M; i++)
            violation = Math.Max(violation, Math.Max(_gLower[i] - _gUser[i], _gUser[i] - _gUpper[i]));
        return Math.Max(violation, 0);
    }

    /// <summary>
    /// How far rounding alone can leave each scaled row from zero at x: a few machine epsilons of the
    /// size of the terms the row adds up, estimated as |target| + Σⱼ |Jᵢⱼ·xⱼ| (exact for linear rows,
    /// within a small factor for polynomial ones). A row cannot be evaluated more accurately than
    /// that, so a violation below it says nothing about feasibility.
    /// </summary>
    /// <param name="x">The internal point.</param>
    /// <param name="jacobian">The non-zero Jacobian entries at x (a zero entry adds nothing to the sum).</param>
    /// <param name="floor">One floor per row (output).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void RoundingFloor(double[] x, NonZeroEntries jacobian, double[] floor)
    {
        // Ten machine epsilons (2⁻⁵²; double.Epsilon is the smallest subnormal, not this).
        const double epsilons = 10 * 2.220446049250313e-16;
        for (var i = 0; i < M; i++) floor[i] = RowScale[i] * Math.Abs(_rowTarget[i]);
        foreach (var (row, column, value) in jacobian.Entries) floor[row] += Math.Abs(value * x[column]);
        for (var i = 0; i < M; i++) floor[i] *= epsilons;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Jacobian(double[] x, double[] values)
    {
        SetUser(x);
        Time(() => _problem.JacobianValues(_xUser, _jacobianUser));
        for (var k = 0; k < _jacobianKeep.Length; k++)
            values[k] = RowScale[JacobianRows[k]] * _jacobianUser[_jacobianKeep[k]];
        for (var s = 0; s < SlackCount; s++) values[_jacobianKeep.Length + s] = -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Hessian(double[] x, double objectiveFactor, double[] multipliers, double[] values)
    {
        SetUser(x);
        for (var i = 0; i < M; i++) _multipliersUser[i] = RowScale[i] * multipliers[i];
        var sigma = objectiveFactor * ObjectiveScale;
        Time(() => _problem.HessianValues(_xUser, sigma, _multipliersUser, _hessianUser));
        for (var k = 0; k < _hessianKeep.Length; k++) values[k] = _hessianUser[_hessianKeep[k]];
    }

    /// <summary>The user's full x (fixed variables included) for an internal point.</summary>
    public double[] ToUser(double[] x)
    {
        SetUser(x);
        return (double[])_xUser.Clone();
    }

    /// <summary>Unscaled user multipliers from internal ones.</summary>
    public double[] ToUserMultipliers(double[] lambda)
    {
        var result = new double[M];
        for (var i = 0; i < M; i++) result[i] = lambda[i] * RowScale[i] / ObjectiveScale;
        return result;
    }
}
