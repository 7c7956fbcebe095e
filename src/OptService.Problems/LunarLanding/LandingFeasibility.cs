using System.Globalization;

namespace OptService.Problems.LunarLanding;

/// <summary>What the analytic check knows about a landing before any NLP is solved.</summary>
internal enum LandingVerdict
{
    /// <summary>No soft landing exists (continuous physics); <see cref="LandingFeasibility.Reason"/> names the condition.</summary>
    ProvenInfeasible,
    /// <summary>An explicit landing (free fall, then full thrust) exists within every limit.</summary>
    ProvenFeasible,
    /// <summary>Neither: only the solver can tell, and its "locally infeasible" is no proof.</summary>
    Undecided,
}

/// <summary>
/// Cheap analytic feasibility check of the continuous landing, so that the kind answers <c>infeasible</c>
/// only with a proof (an interior-point method's "locally infeasible" is a stationary point of the
/// violation, not a certificate), in the way the transshipment kind's structural checks do.
/// <para>
/// Notation (SI): dry mass m_d, propellant m_f, M = m_d + m_f, exhaust velocity v_e, thrust F ∈ [0, F_max],
/// gravity g, start h₀ &gt; 0, v₀. Every landing has v̇ = −g + F/m ≥ −g, so no landing reaches the ground
/// sooner than the free fall, and none brakes harder than full thrust.
/// </para>
/// <list type="bullet">
/// <item><b>Weight.</b> If F_max ≤ m·g for every mass the vehicle can have (M for a constant mass, m_d for
/// a variable one), v̇ ≤ 0 throughout: v never increases, so it must stay ≥ 0 to end at 0, and then h
/// never decreases from h₀ &gt; 0. No landing, in either formulation (the normalized-time velocity
/// dh/dτ = T·v has the same sign).</item>
/// <item><b>Braking distance</b> (physical; altitude ≥ 0). Descending at v₀ &lt; 0, the deceleration is at
/// most A = F_max/m_min − g, so stopping takes at least v₀²/2A of height: more than h₀ means the vehicle
/// hits the ground.</item>
/// <item><b>Propellant, constant mass</b> (physical). Fuel = ∫F dt/v_e = M/v_e·(Δv + g·T) with Δv = −v₀
/// fixed, so the minimum-fuel landing is the minimum-time one: free fall to the switch height
/// s = (v₀² + 2g·h₀)/(2(A + g)), then full thrust for t_b = √(2A·s)/A, using F_max·t_b/v_e. That is both
/// the proof of infeasibility (more than m_f) and the explicit feasible landing (at most m_f).</item>
/// <item><b>Propellant, variable mass</b> (physical). The rocket equation gives 0 − v₀ = v_e·ln(M/m(T)) − g·T,
/// and T is at least the free-fall time t_ff, for which g·t_ff − v₀ = √(v₀² + 2g·h₀) (the free-fall impact
/// speed); so v_e·ln(M/m_d) &lt; √(v₀² + 2g·h₀) proves that the propellant cannot suffice. The sufficient
/// side computes the free-fall-then-full-thrust landing with the burning mass (below).</item>
/// <item><b>Normalized time</b> (the published model: constant mass, no propellant or altitude limit, free
/// T, initial dh/dτ = v₀). F_max &gt; M·g is also sufficient: with T large the physical velocity v₀/T is as
/// small as wanted, the vehicle can hover (u = weight/v_e) to fill any time, and a free-fall-then-brake
/// landing from a slow start needs only a finite time.</item>
/// </list>
/// A margin of 10⁻⁹ (relative) keeps rounding from deciding: a case within it is <see cref="LandingVerdict.Undecided"/>.
/// </summary>
internal sealed record LandingFeasibility(LandingVerdict Verdict, string Reason)
{
    private const double Margin = 1e-9;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static LandingFeasibility Check(LunarLandingProblem problem)
    {
        var vehicle = problem.Vehicle;
        double md = vehicle.DryMass, mf = vehicle.FuelMass, ve = vehicle.ExhaustVelocity, f = vehicle.MaxThrust;
        double h0 = problem.InitialAltitude, v0 = problem.InitialVelocity, g = problem.Gravity;
        var total = md + mf;
        var variable = problem.Formulation == LandingFormulation.Physical && problem.MassModel == MassModel.Variable;
        var lightest = variable ? md : total;

        var weight = lightest * g;
        if (f <= weight * (1 + Margin) && f > weight * (1 - Margin))
        {
            return new LandingFeasibility(LandingVerdict.Undecided, string.Create(Invariant,
                $"the maximum thrust {f:G6} N equals the weight {weight:G6} N to rounding"));
        }
        if (f <= weight)
        {
            return Infeasible(string.Create(Invariant,
                $"the maximum thrust {f:G6} N does not exceed the weight of the {(variable ? "empty" : "full")} vehicle, {lightest:G6} kg × {g:G6} m/s² = {weight:G6} N, so it can never slow a descent"));
        }
        // From here F > M·g, except with a variable mass, where the engine may lift the vehicle only once
        // enough has burned; the variable-mass checks below do not need F > M·g.
        if (problem.Formulation == LandingFormulation.NormalizedTime)
        {
            return new LandingFeasibility(LandingVerdict.ProvenFeasible, string.Create(Invariant,
                $"the thrust-to-weight ratio {f / (total * g):G6} exceeds 1 and the final time is free"));
        }

        var brake = f / lightest - g;
        if (v0 < 0 && v0 * v0 > 2 * brake * h0 * (1 + Margin))
        {
            return Infeasible(string.Create(Invariant,
                $"descending at {-v0:G6} m/s with at most {brake:G6} m/s² of net deceleration, stopping takes {v0 * v0 / (2 * brake):G6} m, more than the altitude {h0:G6} m"));
        }
        return variable ? CheckVariableMass(md, mf, ve, f, h0, v0, g) : CheckConstantMass(total, mf, ve, f, h0, v0, g);
    }

    private static LandingFeasibility CheckConstantMass(double total, double mf, double ve, double f, double h0, double v0, double g)
    {
        var brake = f / total - g;
        var switchHeight = (v0 * v0 + 2 * g * h0) / (2 * (brake + g));
        var burn = Math.Sqrt(2 * brake * switchHeight) / brake;
        var needed = f / ve * burn;
        var plan = string.Create(Invariant, $"the minimum-fuel landing (free fall to {switchHeight:G6} m, then full thrust for {burn:G6} s) needs {needed:G6} kg of propellant");
        if (needed > mf * (1 + Margin)) return Infeasible(string.Create(Invariant, $"{plan}, the vehicle carries {mf:G6} kg"));
        return needed <= mf
            ? new LandingFeasibility(LandingVerdict.ProvenFeasible, string.Create(Invariant, $"{plan} of the {mf:G6} kg on board"))
            : new LandingFeasibility(LandingVerdict.Undecided, plan + ", within rounding of the load");
    }

    /// <summary>
    /// Variable mass: the rocket-equation bound, then the explicit landing. Full thrust from mass M (free fall
    /// burns nothing) for a time t gives Δv(t) = v_e·ln(M/(M − q·t)) − g·t with q = F/v_e, a convex function
    /// (Δv' = F/m − g grows as the mass falls). A burn of t_b with Δv(t_b) &gt; 0 that ends at rest on the
    /// ground starts at v_s = −Δv(t_b) from height D(t_b) = t_b·Δv(t_b) − ∫₀^t_b Δv, and by convexity it
    /// descends all along. It joins the free fall from (h₀, v₀) when v_s² = v₀² + 2g·(h₀ − D): scan t_b up to
    /// the burn-out time m_f/q for a root of that residual and refine it by bisection.
    /// </summary>
    private static LandingFeasibility CheckVariableMass(double md, double mf, double ve, double f, double h0, double v0, double g)
    {
        var total = md + mf;
        var impact = Math.Sqrt(v0 * v0 + 2 * g * h0);
        var capacity = ve * Math.Log(total / md);
        if (capacity * (1 + Margin) < impact)
        {
            return Infeasible(string.Create(Invariant,
                $"the propellant gives at most {capacity:G6} m/s of velocity change (rocket equation, {mf:G6} kg of {total:G6} kg), less than the {impact:G6} m/s of the free-fall impact that every landing must at least cancel"));
        }
        var q = f / ve;
        var burnOut = mf / q;
        const int Steps = 4096;

        // Hardest braking: by time t no control has burned more than q·t, so ∫F/m dt = v_e·ln(M/m(t)) ≤ Δv(t) + g·t
        // and every landing has v(t) ≤ v₀ + Δv(t) (full thrust from the start) and so h(t) ≤ that arc's height too.
        // If that arc reaches the ground while still descending, no landing exists: one that stops earlier would
        // need v = 0 where the arc still has v < 0, one that lasts longer is already at or below the ground then
        // and still descending. Δv is convex, so a velocity negative at two grid points is negative between them.
        var speedFloor = Margin * impact;
        for (var i = 1; i <= Steps; i++)
        {
            var t = burnOut * i / Steps;
            var v = v0 + DeltaV(t);
            if (v >= -speedFloor) break;
            var h = h0 + v0 * t + IntegralOfDeltaV(t);
            if (h <= 0 || i == Steps)
            {
                // At burn-out while still descending the free fall that follows only speeds the fall up.
                return Infeasible(string.Create(Invariant,
                    $"even full thrust from the start, the hardest braking possible, {(h <= 0 ? "reaches the ground" : "burns out")} still descending at {-v:G6} m/s after {t:G6} s"));
            }
        }

        double previousT = 0, previousR = Residual(0);
        for (var i = 1; i <= Steps; i++)
        {
            var t = burnOut * i / Steps;
            var r = Residual(t);
            if (previousR > 0 && r <= 0 && DeltaV(t) > 0)
            {
                double lo = previousT, hi = t;
                for (var k = 0; k < 200 && hi - lo > 1e-15 * hi; k++)
                {
                    var mid = (lo + hi) / 2;
                    if (Residual(mid) > 0) lo = mid; else hi = mid;
                }
                // Descending from the start, the switch must lie below it (the free fall only gains speed).
                if (DeltaV(hi) <= 0 || (v0 < 0 && Drop(hi) > h0)) break;
                return new LandingFeasibility(LandingVerdict.ProvenFeasible, string.Create(Invariant,
                    $"free fall to {Drop(hi):G6} m, then full thrust for {hi:G6} s lands with {q * hi:G6} kg of the {mf:G6} kg on board"));
            }
            (previousT, previousR) = (t, r);
        }
        return new LandingFeasibility(LandingVerdict.Undecided,
            "free fall then full thrust does not land within the propellant, but with a burning mass that is no proof");

        double DeltaV(double t) => -ve * Math.Log(1 - q * t / total) - g * t;

        // ∫₀^t Δv = v_e·t·φ(x) − g·t²/2, x = q·t/M, φ(x) = 1 + (1 − x)·ln(1 − x)/x (series for small x).
        double IntegralOfDeltaV(double t)
        {
            var x = q * t / total;
            var phi = x < 1e-4 ? x / 2 + x * x / 6 + x * x * x / 12 : 1 + (1 - x) * Math.Log(1 - x) / x;
            return ve * t * phi - g * t * t / 2;
        }

        double Drop(double t) => t * DeltaV(t) - IntegralOfDeltaV(t);

        double Residual(double t)
        {
            var dv = DeltaV(t);
            return v0 * v0 + 2 * g * (h0 - Drop(t)) - dv * dv;
        }
    }

    private static LandingFeasibility Infeasible(string reason) => new(LandingVerdict.ProvenInfeasible, reason);
}
