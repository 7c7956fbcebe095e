using System.Runtime.CompilerServices;
using System.Diagnostics;
using System.Globalization;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.InteriorPoint;

/// <summary>State and main loop of one interior-point run (see <see cref="InteriorPointSolver"/>).</summary>
/// <remarks>
/// The passes over all variables or rows that run a few times per iteration (residuals, step, line search) are marked
/// <see cref="MethodImplOptions.AggressiveOptimization"/>: a solve calls each only 20–100 times, so under tiered
/// compilation the first large solve of a process ran them as tier-0 code with on-stack replacement or in the
/// instrumented tier. They have no virtual calls for profile-guided optimization to remove, and the JIT emits the
/// same floating-point operations either way.
/// </remarks>
internal sealed partial class InteriorPointRun
{
    // Ipopt's constants (Wächter & Biegler 2006, Table 1).
    private const double KappaEpsilon = 10;
    private const double KappaMu = 0.2;
    private const double ThetaMu = 1.5;
    private const double TauMin = 0.99;
    private const double KappaSigma = 1e10;
    private const double GammaTheta = 1e-5;
    private const double GammaPhi = 1e-8;
    private const double Delta = 1;
    private const double SPhi = 2.3;
    private const double STheta = 1.1;
    private const double EtaPhi = 1e-8;
    private const double GammaAlpha = 0.05;
    private const double ScaleMax = 100;

    private readonly BarrierProblem _bp;
    private readonly NlpOptions _options;
    private readonly Func<IterationRecord, bool>? _onIteration;
    private readonly CancellationToken _cancellation;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly int _n;
    private readonly int _m;
    private readonly double[] _lower;
    private readonly double[] _upper;
    private readonly bool[] _hasLower;
    private readonly bool[] _hasUpper;
    private readonly KktSystem _kkt;

    private double[] _x;
    private readonly double[] _lambda;
    private readonly double[] _zL;
    private readonly double[] _zU;
    private readonly double[] _gradient;
    private double[] _c;
    private double[] _trialC;
    private readonly double[] _jacobian;
    // The non-zero entries of _jacobian, packed after every evaluation: Jᵀλ and the rounding floor read only these.
    private readonly NonZeroEntries _jacobianNonZeros;
    private readonly double[] _hessian;
    // A zero Hessian for KktSystem.Factorize (multiplier estimate, restoration): no entries at all.
    private readonly double[] _zeroHessian = [];
    private readonly double[] _sigma;
    private readonly double[] _rhs;
    private readonly double[] _dx;
    private readonly double[] _dLambda;
    private readonly double[] _dzL;
    private readonly double[] _dzU;
    private readonly double[] _scratch;
    private readonly double[] _zeroGradient;
    private readonly double[] _jacobianTransposeC;
    private readonly double[] _roundingFloor;
    private double[] _trialX;
    private readonly List<(double Theta, double Phi)> _filter = [];

    private double _f;
    private double _mu;
    private double _tau;
    private double _thetaMax;
    private double _thetaMin;
    private int _iteration;

    // arrays: where the run's large arrays come from; the caller gives them back after Run (see InteriorPointSolver).
    public InteriorPointRun(INlpProblem problem, NlpOptions options, Func<IterationRecord, bool>? onIteration, SolveArrays arrays, CancellationToken cancellation)
    {
        _options = options;
        _onIteration = onIteration;
        _cancellation = cancellation;
        _bp = new BarrierProblem(problem, options.GradientScaling, arrays);
        _n = _bp.N;
        _m = _bp.M;
        _lower = _bp.Lower;
        _upper = _bp.Upper;
        _hasLower = arrays.Rent<bool>(_n);
        _hasUpper = arrays.Rent<bool>(_n);
        for (var i = 0; i < _n; i++)
        {
            _hasLower[i] = !double.IsNegativeInfinity(_lower[i]);
            _hasUpper[i] = !double.IsPositiveInfinity(_upper[i]);
        }
        _kkt = new KktSystem(_n, _m, _bp.HessianRows, _bp.HessianColumns, _bp.JacobianRows, _bp.JacobianColumns, arrays);
        _x = arrays.Rent<double>(_n);
        _trialX = arrays.Rent<double>(_n);
        _lambda = arrays.Rent<double>(_m);
        _zL = arrays.Rent<double>(_n);
        _zU = arrays.Rent<double>(_n);
        _gradient = arrays.Rent<double>(_n);
        _c = arrays.Rent<double>(_m);
        _trialC = arrays.Rent<double>(_m);
        _jacobian = arrays.Rent<double>(_bp.JacobianRows.Length);
        _jacobianNonZeros = new NonZeroEntries(_bp.JacobianRows, _bp.JacobianColumns, arrays: arrays);
        _hessian = arrays.Rent<double>(_bp.HessianRows.Length);
        _sigma = arrays.Rent<double>(_n);
        _rhs = arrays.Rent<double>(_n + _m);
        _dx = arrays.Rent<double>(_n);
        _dLambda = arrays.Rent<double>(_m);
        _dzL = arrays.Rent<double>(_n);
        _dzU = arrays.Rent<double>(_n);
        _scratch = arrays.Rent<double>(_n);
        _zeroGradient = arrays.Rent<double>(_n);
        _jacobianTransposeC = arrays.Rent<double>(_n);
        _roundingFloor = arrays.Rent<double>(_m);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public NlpResult Run()
    {
        Initialize();
        double alphaPrimal = 0, alphaDual = 0, stepNorm = 0;
        var trials = 0;
        var restoration = false;
        NlpStatus? status = null;
        var message = "";
        Errors errors;
        while (true)
        {
            var parts = ComputeErrorParts();
            errors = parts.At(_mu, this);
            var objective = _f / _bp.ObjectiveScale;
            var record = new IterationRecord(_iteration, objective, _bp.LastUnscaledViolation(), errors.Dual, _mu, stepNorm,
                _kkt.DeltaW, alphaPrimal, alphaDual, trials, restoration);
            if (_onIteration is not null && !_onIteration(record))
            {
                (status, message) = (NlpStatus.Stopped, "stopped by the caller");
                break;
            }
            if (!double.IsFinite(errors.Overall) || !double.IsFinite(_f))
            {
                (status, message) = (NlpStatus.NumericalFailure, "non-finite values in the iterates or the problem functions");
                break;
            }
            if (errors.Overall <= _options.Tolerance)
            {
                (status, message) = (NlpStatus.Optimal, "optimal solution found");
                break;
            }
            if (errors.Primal <= Math.Max(_options.Tolerance, 1e-6) && (_f < _options.UnboundedObjective || MaxAbs(_x) > _options.DivergingIterates))
            {
                (status, message) = (NlpStatus.Unbounded, string.Create(CultureInfo.InvariantCulture,
                    $"the objective is unbounded below on the feasible set (objective {objective:G6} at a feasible point, |x| up to {MaxAbs(_x):G3})"));
                break;
            }
            if (StopReason() is { } stop)
            {
                (status, message) = stop;
                break;
            }

            // Barrier update (Fiacco–McCormick): decrease μ while the barrier subproblem is solved well enough.
            while (_mu > _options.Tolerance / 10 && parts.At(_mu, this).Overall <= KappaEpsilon * _mu)
            {
                _mu = Math.Max(_options.Tolerance / 10, Math.Min(KappaMu * _mu, Math.Pow(_mu, ThetaMu)));
                _tau = Math.Max(TauMin, 1 - _mu);
                ResetFilter();
            }

            _iteration++;
            restoration = false;
            var accepted = false;
            trials = 0;
            if (ComputeNewtonStep())
            {
                stepNorm = MaxAbs(_dx);
                alphaDual = MaxStep(_zL, _dzL, _zU, _dzU);
                accepted = LineSearch(out alphaPrimal, out trials);
            }
            if (!accepted)
            {
                restoration = true;
                alphaPrimal = alphaDual = 0;
                var outcome = Restore();
                if (outcome is not null)
                {
                    (status, message) = outcome.Value;
                    break;
                }
                continue;
            }
            for (var i = 0; i < _m; i++) _lambda[i] += alphaPrimal * _dLambda[i];
            for (var i = 0; i < _n; i++)
            {
                _zL[i] += alphaDual * _dzL[i];
                _zU[i] += alphaDual * _dzU[i];
            }
            SafeguardBoundMultipliers();
            EvaluateDerivatives();
        }

        _bp.Constraints(_x, _c);
        return new NlpResult
        {
            Status = status!.Value,
            Message = message,
            X = _bp.ToUser(_x),
            ConstraintMultipliers = _bp.ToUserMultipliers(_lambda),
            Objective = _bp.UnscaledObjective(_x),
            Iterations = _iteration,
            FreeVariableCount = _bp.FreeCount,
            EqualityConstraintCount = _bp.EqualityCount,
            InequalityConstraintCount = _bp.SlackCount,
            ConstraintViolation = _bp.LastUnscaledViolation(),
            DualInfeasibility = errors.Dual,
            Complementarity = errors.Complementarity,
            ObjectiveEvaluations = _bp.ObjectiveEvaluations,
            ConstraintEvaluations = _bp.ConstraintEvaluations,
            TotalTime = _clock.Elapsed,
            EvaluationTime = _bp.EvaluationTime,
            LinearAlgebraTime = _kkt.LinearAlgebraTime,
            FactorSize = _kkt.FactorSize,
        };
    }

    private (NlpStatus, string)? StopReason()
    {
        if (_cancellation.IsCancellationRequested) return (NlpStatus.Stopped, "cancelled");
        if (_iteration >= _options.MaxIterations)
            return (NlpStatus.IterationLimit, $"iteration limit of {_options.MaxIterations} reached");
        if (_options.TimeLimit is { } limit && _clock.Elapsed >= limit)
            return (NlpStatus.TimeLimit, $"time limit of {limit.TotalSeconds:0.###} s reached");
        return null;
    }

    private void Initialize()
    {
        // Push the start strictly inside the bounds (Ipopt's bound_push / bound_frac, 1e-2 by default).
        Array.Copy(_bp.StartingPoint, _x, _n);
        var push = _options.BoundPush;
        for (var i = 0; i < _n; i++)
        {
            double lo = _lower[i], hi = _upper[i];
            if (_hasLower[i] && _hasUpper[i])
            {
                var pl = Math.Min(push * Math.Max(1, Math.Abs(lo)), push * (hi - lo));
                var pu = Math.Min(push * Math.Max(1, Math.Abs(hi)), push * (hi - lo));
                _x[i] = Math.Min(Math.Max(_x[i], lo + pl), hi - pu);
            }
            else if (_hasLower[i]) _x[i] = Math.Max(_x[i], lo + push * Math.Max(1, Math.Abs(lo)));
            else if (_hasUpper[i]) _x[i] = Math.Min(_x[i], hi - push * Math.Max(1, Math.Abs(hi)));
            _zL[i] = _hasLower[i] ? 1 : 0;
            _zU[i] = _hasUpper[i] ? 1 : 0;
        }
        _mu = _options.InitialBarrier;
        _tau = Math.Max(TauMin, 1 - _mu);
        _f = _bp.Objective(_x);
        _bp.Constraints(_x, _c);
        EvaluateDerivatives();
        var theta = Violation(_c);
        _thetaMax = 1e4 * Math.Max(1, theta);
        _thetaMin = 1e-4 * Math.Max(1, theta);
        ResetFilter();
        EstimateMultipliers();
    }

    private void EvaluateDerivatives()
    {
        _bp.Gradient(_x, _gradient);
        EvaluateJacobian();
    }

    /// <summary>J at x, its non-zero entries and the rounding floors that depend on it.</summary>
    private void EvaluateJacobian()
    {
        _bp.Jacobian(_x, _jacobian);
        _jacobianNonZeros.Gather(_jacobian);
        _bp.RoundingFloor(_x, _jacobianNonZeros, _roundingFloor);
    }

    /// <summary>
    /// θ: the ℓ₁ constraint violation beyond each row's rounding floor at the current x. Violations that
    /// rounding alone explains count as zero, so that a problem with large terms (altitudes of 1e9 m in
    /// SI units, say) is not pushed into restoration, or declared infeasible, over its last digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Violation(double[] c)
    {
        var sum = 0.0;
        for (var i = 0; i < _m; i++) sum += Math.Max(0, Math.Abs(c[i]) - _roundingFloor[i]);
        return sum;
    }

    /// <summary>The largest violation beyond the rounding floor (∞-norm counterpart of <see cref="Violation"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MaxViolation(double[] c)
    {
        var max = 0.0;
        for (var i = 0; i < _m; i++) max = Math.Max(max, Math.Abs(c[i]) - _roundingFloor[i]);
        return max;
    }

    /// <summary>Least-squares multipliers: min ‖∇f − z + Jᵀλ‖ via [I Jᵀ; J 0]; dropped if large (Ipopt's constr_mult_init_max).</summary>
    private void EstimateMultipliers()
    {
        if (_m == 0) return;
        Array.Fill(_sigma, 1.0);
        if (!_kkt.Factorize(_zeroHessian, _jacobian, _sigma, 0, correctInertia: false)) return;
        for (var i = 0; i < _n; i++) _rhs[i] = -(_gradient[i] - _zL[i] + _zU[i]);
        Array.Clear(_rhs, _n, _m);
        _kkt.Solve(_rhs);
        var large = false;
        for (var i = 0; i < _m; i++) large |= !(Math.Abs(_rhs[_n + i]) <= 1e3);
        for (var i = 0; i < _m; i++) _lambda[i] = large ? 0 : _rhs[_n + i];
    }

    private readonly record struct Errors(double Overall, double Dual, double Primal, double Complementarity);

    /// <summary>
    /// The parts of Ipopt's scaled optimality error E_μ that do not depend on μ (dual and primal
    /// residuals, scaling factors). The barrier update evaluates E_μ for several μ at one iterate; at
    /// 50,000 intervals the dual residual is a pass over the whole Jacobian, so it is computed once.
    /// </summary>
    private readonly record struct ErrorParts(double Dual, double Primal, double DualScale, double ComplementarityScale)
    {
        /// <summary>E_μ at the run's current iterate (μ = 0 gives the convergence test).</summary>
        public Errors At(double mu, InteriorPointRun run)
        {
            var complementarity = run.Complementarity(mu);
            var overall = Math.Max(Math.Max(Dual / DualScale, Primal), complementarity / ComplementarityScale);
            return new Errors(overall, Dual, Primal, complementarity);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ErrorParts ComputeErrorParts()
    {
        var dual = DualResidual(_gradient, _lambda);
        var primal = MaxViolation(_c);
        var zSum = 0.0;
        for (var i = 0; i < _n; i++) zSum += Math.Abs(_zL[i]) + Math.Abs(_zU[i]);
        var sd = Math.Max(ScaleMax, (Norm1(_lambda) + zSum) / Math.Max(1, _m + 2 * _n)) / ScaleMax;
        var sc = Math.Max(ScaleMax, zSum / Math.Max(1, 2 * _n)) / ScaleMax;
        return new ErrorParts(dual, primal, sd, sc);
    }

    /// <summary>max |(x − xL) zL − μ|, |(xU − x) zU − μ| over the bounded variables.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double Complementarity(double mu)
    {
        var complementarity = 0.0;
        for (var i = 0; i < _n; i++)
        {
            if (_hasLower[i]) complementarity = Math.Max(complementarity, Math.Abs((_x[i] - _lower[i]) * _zL[i] - mu));
            if (_hasUpper[i]) complementarity = Math.Max(complementarity, Math.Abs((_upper[i] - _x[i]) * _zU[i] - mu));
        }
        return complementarity;
    }

    /// <summary>‖∇f + Jᵀλ − zL + zU‖∞.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double DualResidual(double[] gradient, double[] lambda)
    {
        var r = _scratch;
        for (var i = 0; i < _n; i++) r[i] = gradient[i] - _zL[i] + _zU[i];
        foreach (var (row, column, value) in _jacobianNonZeros.Entries) r[column] += value * lambda[row];
        return MaxAbs(r);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ComputeNewtonStep()
    {
        _bp.Hessian(_x, 1, _lambda, _hessian);
        for (var i = 0; i < _n; i++)
        {
            double s = 0, r = _gradient[i];
            if (_hasLower[i])
            {
                var sl = _x[i] - _lower[i];
                s += _zL[i] / sl;
                r -= _mu / sl;
            }
            if (_hasUpper[i])
            {
                var su = _upper[i] - _x[i];
                s += _zU[i] / su;
                r += _mu / su;
            }
            _sigma[i] = s;
            _rhs[i] = -r;
        }
        foreach (var (row, column, value) in _jacobianNonZeros.Entries) _rhs[column] -= value * _lambda[row];
        for (var i = 0; i < _m; i++) _rhs[_n + i] = -_c[i];
        _kkt.ScaleRegularization(_x);
        if (!_kkt.Factorize(_hessian, _jacobian, _sigma, 0, correctInertia: true)) return false;
        _kkt.Solve(_rhs);
        Array.Copy(_rhs, _dx, _n);
        Array.Copy(_rhs, _n, _dLambda, 0, _m);
        BoundMultiplierSteps(_mu);
        return true;
    }

    /// <summary>dz from dx: dzL = μ/(x−xL) − zL − ΣL dx, dzU = μ/(xU−x) − zU + ΣU dx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void BoundMultiplierSteps(double mu)
    {
        for (var i = 0; i < _n; i++)
        {
            if (_hasLower[i])
            {
                var sl = _x[i] - _lower[i];
                _dzL[i] = (mu - _zL[i] * _dx[i]) / sl - _zL[i];
            }
            else _dzL[i] = 0;
            if (_hasUpper[i])
            {
                var su = _upper[i] - _x[i];
                _dzU[i] = (mu + _zU[i] * _dx[i]) / su - _zU[i];
            }
            else _dzU[i] = 0;
        }
    }

    /// <summary>Largest α ≤ 1 keeping x + α dx inside (1 − τ) of the distance to each bound.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MaxPrimalStep()
    {
        var alpha = 1.0;
        for (var i = 0; i < _n; i++)
        {
            var d = _dx[i];
            if (d < 0 && _hasLower[i]) alpha = Math.Min(alpha, -_tau * (_x[i] - _lower[i]) / d);
            else if (d > 0 && _hasUpper[i]) alpha = Math.Min(alpha, _tau * (_upper[i] - _x[i]) / d);
        }
        return alpha;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double MaxStep(double[] zL, double[] dzL, double[] zU, double[] dzU)
    {
        var alpha = 1.0;
        for (var i = 0; i < _n; i++)
        {
            if (dzL[i] < 0 && _hasLower[i]) alpha = Math.Min(alpha, -_tau * zL[i] / dzL[i]);
            if (dzU[i] < 0 && _hasUpper[i]) alpha = Math.Min(alpha, -_tau * zU[i] / dzU[i]);
        }
        return alpha;
    }

    /// <summary>Keeps zᵢ within [μ/(κΣ sᵢ), κΣ μ/sᵢ] so that Σ stays a good approximation of the barrier Hessian.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void SafeguardBoundMultipliers()
    {
        for (var i = 0; i < _n; i++)
        {
            if (_hasLower[i])
            {
                var s = _x[i] - _lower[i];
                _zL[i] = Math.Max(Math.Min(_zL[i], KappaSigma * _mu / s), _mu / (KappaSigma * s));
            }
            if (_hasUpper[i])
            {
                var s = _upper[i] - _x[i];
                _zU[i] = Math.Max(Math.Min(_zU[i], KappaSigma * _mu / s), _mu / (KappaSigma * s));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private double BarrierFunction(double f, double[] x, double mu)
    {
        var phi = f;
        for (var i = 0; i < _n; i++)
        {
            if (_hasLower[i]) phi -= mu * Math.Log(x[i] - _lower[i]);
            if (_hasUpper[i]) phi -= mu * Math.Log(_upper[i] - x[i]);
        }
        return phi;
    }

    private void ResetFilter()
    {
        _filter.Clear();
        _filter.Add((_thetaMax, double.NegativeInfinity));
    }

    private bool AcceptableToFilter(double theta, double phi)
    {
        foreach (var (ft, fp) in _filter)
            if (theta >= ft && phi >= fp) return false;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double MaxAbs(double[] v)
    {
        var max = 0.0;
        foreach (var value in v) max = Math.Max(max, Math.Abs(value));
        return max;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Norm1(double[] v)
    {
        var sum = 0.0;
        foreach (var value in v) sum += Math.Abs(value);
        return sum;
    }
}
