using System.Runtime.CompilerServices;
using System.Globalization;

namespace OptService.Nlp.InteriorPoint;

internal sealed partial class InteriorPointRun
{
    /// <summary>
    /// Backtracking filter line search (Wächter &amp; Biegler, Algorithm A, steps A-5): a trial point is
    /// accepted if the filter accepts it and it either satisfies the Armijo condition on the barrier
    /// function (when the switching condition says the step is mainly about optimality) or reduces the
    /// constraint violation θ or the barrier function φ sufficiently. On success x, f and c are updated.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool LineSearch(out double alpha, out int trials)
    {
        trials = 0;
        var theta = Violation(_c);
        var phi = BarrierFunction(_f, _x, _mu);
        var slope = 0.0;
        for (var i = 0; i < _n; i++)
        {
            var g = _gradient[i];
            if (_hasLower[i]) g -= _mu / (_x[i] - _lower[i]);
            if (_hasUpper[i]) g += _mu / (_upper[i] - _x[i]);
            slope += g * _dx[i];
        }
        alpha = MaxPrimalStep();
        var alphaMin = slope < 0
            ? GammaAlpha * Math.Min(GammaTheta, Math.Min(GammaPhi * theta / -slope, Delta * Math.Pow(theta, STheta) / Math.Pow(-slope, SPhi)))
            : GammaAlpha * GammaTheta;

        // A step that is negligible against x is taken whole (Ipopt's tiny-step rule): only μ can make progress.
        var tiny = true;
        for (var i = 0; i < _n && tiny; i++) tiny = Math.Abs(_dx[i]) <= 1e-15 * (1 + Math.Abs(_x[i]));

        while (true)
        {
            for (var i = 0; i < _n; i++) _trialX[i] = _x[i] + alpha * _dx[i];
            var trialF = _bp.Objective(_trialX);
            _bp.Constraints(_trialX, _trialC);
            trials++;
            var trialTheta = Violation(_trialC);
            var trialPhi = BarrierFunction(trialF, _trialX, _mu);
            var accept = tiny;
            var fType = false;
            if (!accept && double.IsFinite(trialPhi) && double.IsFinite(trialTheta) && trialTheta <= _thetaMax && AcceptableToFilter(trialTheta, trialPhi))
            {
                var switching = slope < 0 && alpha * Math.Pow(-slope, SPhi) > Delta * Math.Pow(theta, STheta);
                if (theta <= _thetaMin && switching)
                {
                    accept = trialPhi <= phi + EtaPhi * alpha * slope;
                    fType = true;
                }
                else
                {
                    accept = trialTheta <= (1 - GammaTheta) * theta || trialPhi <= phi - GammaPhi * theta;
                }
            }
            if (accept)
            {
                if (!fType && !tiny) _filter.Add(((1 - GammaTheta) * theta, phi - GammaPhi * theta));
                (_x, _trialX) = (_trialX, _x);
                (_c, _trialC) = (_trialC, _c);
                _f = trialF;
                return true;
            }
            alpha /= 2;
            if (alpha < alphaMin)
            {
                // Put the evaluation state back at x before restoration.
                _bp.Constraints(_x, _c);
                return false;
            }
        }
    }

    /// <summary>
    /// Feasibility restoration: a primal-dual barrier Gauss–Newton method on min ½‖c(x)‖² subject to the
    /// bounds, with a Levenberg–Marquardt term √μ_R. Returns to the main iteration once θ has dropped
    /// by 10 % to a point the filter accepts. If instead it converges to a stationary point of the
    /// violation with c ≠ 0, the problem is locally infeasible. Returns null to continue, or a verdict.
    /// </summary>
    private (NlpStatus, string)? Restore()
    {
        var thetaStart = Violation(_c);
        var muR = Math.Max(_mu, 1e-2);
        var stalls = 0;
        while (true)
        {
            var theta = Violation(_c);
            var phi = BarrierFunction(_f, _x, _mu);
            if (theta <= 0.9 * thetaStart && AcceptableToFilter(theta, phi) || theta <= 1e-2 * _options.Tolerance)
            {
                EvaluateDerivatives();
                EstimateMultipliers();
                SafeguardBoundMultipliers();
                return null;
            }

            // Stationarity of ½‖c‖² with bound multipliers: Jᵀc − zL + zU.
            var stationarity = DualResidual(_zeroGradient, _c);
            double complementarity = 0;
            for (var i = 0; i < _n; i++)
            {
                if (_hasLower[i]) complementarity = Math.Max(complementarity, Math.Abs((_x[i] - _lower[i]) * _zL[i] - muR));
                if (_hasUpper[i]) complementarity = Math.Max(complementarity, Math.Abs((_upper[i] - _x[i]) * _zU[i] - muR));
            }
            var cMax = MaxViolation(_c);
            var scale = Math.Max(1, cMax);
            if (Math.Max(stationarity, complementarity) <= KappaEpsilon * muR * scale && muR > 1e-12)
                muR = Math.Max(1e-12, Math.Min(KappaMu * muR, Math.Pow(muR, ThetaMu)));
            if (muR <= 1e-9 && stationarity <= 1e-7 * scale && cMax > Math.Max(_options.Tolerance, 1e-6) || stalls >= 30)
            {
                return (NlpStatus.LocallyInfeasible, string.Create(CultureInfo.InvariantCulture,
                    $"converged to a point of local infeasibility: the constraint violation cannot be reduced below {_bp.LastUnscaledViolation():G4} (scaled {cMax:G4})"));
            }
            if (StopReason() is { } stop) return stop;

            _iteration++;
            // Gauss–Newton step: [Σ + ζI  Jᵀ; J  −I] [dx; y] = [−∇barrier; −c], y = c + J dx.
            var zeta = Math.Sqrt(muR);
            for (var i = 0; i < _n; i++)
            {
                double s = zeta, r = 0;
                if (_hasLower[i])
                {
                    var sl = _x[i] - _lower[i];
                    s += _zL[i] / sl;
                    r += muR / sl;
                }
                if (_hasUpper[i])
                {
                    var su = _upper[i] - _x[i];
                    s += _zU[i] / su;
                    r -= muR / su;
                }
                _sigma[i] = s;
                _rhs[i] = r;
            }
            for (var i = 0; i < _m; i++) _rhs[_n + i] = -_c[i];
            if (!_kkt.Factorize(_zeroHessian, _jacobian, _sigma, -1, correctInertia: false))
                return (NlpStatus.NumericalFailure, "the restoration system is singular");
            _kkt.Solve(_rhs);
            Array.Copy(_rhs, _dx, _n);
            BoundMultiplierSteps(muR);

            // Armijo backtracking on ψ = ½‖c‖² − μ_R Σ ln(slacks), whose gradient is Jᵀc + barrier gradient.
            var psi = 0.5 * SquaredNorm(_c) + BarrierFunction(0, _x, muR);
            var slope = 0.0;
            var jtc = _jacobianTransposeC;
            Array.Clear(jtc);
            foreach (var (row, column, value) in _jacobianNonZeros.Entries) jtc[column] += value * _c[row];
            for (var i = 0; i < _n; i++)
            {
                var g = jtc[i];
                if (_hasLower[i]) g -= muR / (_x[i] - _lower[i]);
                if (_hasUpper[i]) g += muR / (_upper[i] - _x[i]);
                slope += g * _dx[i];
            }
            var alpha = MaxPrimalStep();
            var alphaDual = MaxStep(_zL, _dzL, _zU, _dzU);
            var accepted = false;
            while (alpha > 1e-14)
            {
                for (var i = 0; i < _n; i++) _trialX[i] = _x[i] + alpha * _dx[i];
                _bp.Constraints(_trialX, _trialC);
                var trialPsi = 0.5 * SquaredNorm(_trialC) + BarrierFunction(0, _trialX, muR);
                if (double.IsFinite(trialPsi) && trialPsi <= psi + 1e-4 * alpha * Math.Min(slope, 0))
                {
                    accepted = true;
                    break;
                }
                alpha /= 2;
            }
            if (!accepted)
            {
                _bp.Constraints(_x, _c);
                stalls++;
                if (muR <= 1e-9 || stalls >= 30)
                    return (NlpStatus.LocallyInfeasible, string.Create(CultureInfo.InvariantCulture,
                        $"converged to a point of local infeasibility: the constraint violation cannot be reduced below {_bp.LastUnscaledViolation():G4}"));
                muR = Math.Max(1e-12, KappaMu * muR);
                continue;
            }
            var previousTheta = theta;
            (_x, _trialX) = (_trialX, _x);
            (_c, _trialC) = (_trialC, _c);
            for (var i = 0; i < _n; i++)
            {
                _zL[i] += alphaDual * _dzL[i];
                _zU[i] += alphaDual * _dzU[i];
            }
            _f = _bp.Objective(_x);
            _bp.Constraints(_x, _c);
            EvaluateJacobian();
            stalls = Violation(_c) > 0.999 * previousTheta ? stalls + 1 : 0;
            var record = new IterationRecord(_iteration, _f / _bp.ObjectiveScale, _bp.LastUnscaledViolation(), stationarity, muR,
                MaxAbs(_dx), 0, alpha, alphaDual, 1, true);
            if (_onIteration is not null && !_onIteration(record)) return (NlpStatus.Stopped, "stopped by the caller");
        }
    }

    private static double SquaredNorm(double[] v)
    {
        var sum = 0.0;
        foreach (var value in v) sum += value * value;
        return sum;
    }
}
