using OptService.Nlp.InteriorPoint;
using OptService.Nlp.Reuse;

namespace OptService.Nlp;

/// <summary>
/// A primal-dual interior-point method for <see cref="INlpProblem"/>, following Wächter &amp; Biegler
/// (Ipopt, Math. Program. 106, 2006): log-barrier subproblems with a monotone (Fiacco–McCormick)
/// barrier update, Newton steps on the primal-dual equations, fraction-to-the-boundary rule, a filter
/// line search on (constraint violation, barrier function), inertia correction of the KKT matrix, and
/// a feasibility-restoration phase (here a Gauss–Newton barrier method on ½‖c(x)‖²) that also detects
/// local infeasibility.
/// <para>
/// Why this algorithm: collocation NLPs have many variables, few active-set changes to guess and a
/// huge number of bound constraints (e.g. 0 ≤ u ≤ u_max at every node). An interior-point method
/// handles bounds without combinatorics, takes a number of iterations almost independent of the
/// number of intervals, and its KKT matrix keeps the time-banded structure of the transcription, so a
/// banded/envelope LDLᵀ gives work per iteration linear in the number of intervals. SQP would need a
/// sparse QP solver with active-set changes proportional to the number of bound switches. The filter
/// (instead of a penalty merit function) needs no penalty parameter and is robust from poor starts;
/// inertia correction gives descent directions on nonconvex problems; the restoration phase turns
/// "cannot reduce the infeasibility" into a <see cref="NlpStatus.LocallyInfeasible"/> verdict.
/// </para>
/// </summary>
public static class InteriorPointSolver
{
    /// <summary>Runs the solver. Progress goes to <paramref name="onIteration"/> (return false to stop); no logging.</summary>
    public static NlpResult Solve(
        INlpProblem problem,
        NlpOptions? options = null,
        Func<IterationRecord, bool>? onIteration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        // The run's large arrays are rented from a process-wide pool and given back here on every path (result,
        // exception, cancellation); the result holds copies only. The next solve of the same size reuses them.
        using var arrays = new SolveArrays();
        return new InteriorPointRun(problem, options ?? new NlpOptions(), onIteration, arrays, cancellationToken).Run();
    }
}
