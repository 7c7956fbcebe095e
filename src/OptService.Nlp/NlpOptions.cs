namespace OptService.Nlp;

/// <summary>Immutable solver options (never read from configuration by the library).</summary>
public sealed record NlpOptions
{
    /// <summary>Convergence tolerance on the scaled optimality error (Ipopt's <c>tol</c>).</summary>
    public double Tolerance { get; init; } = 1e-8;

    /// <summary>Maximal number of interior-point iterations (restoration iterations included).</summary>
    public int MaxIterations { get; init; } = 3000;

    /// <summary>Wall-clock limit; <c>null</c> = none.</summary>
    public TimeSpan? TimeLimit { get; init; }

    /// <summary>Initial barrier parameter μ₀.</summary>
    public double InitialBarrier { get; init; } = 0.1;

    /// <summary>
    /// How far the start is pushed inside its bounds, relative to the bound's magnitude and to the gap between two bounds
    /// (Ipopt's <c>bound_push</c> and <c>bound_frac</c>). A start that is already a solution (a warm start) keeps more of
    /// itself with a small push, as Ipopt's <c>warm_start_bound_push</c>.
    /// </summary>
    public double BoundPush { get; init; } = 1e-2;

    /// <summary>Scale objective and constraints so that their gradients at the start are at most 100 (Ipopt's gradient-based scaling).</summary>
    public bool GradientScaling { get; init; } = true;

    /// <summary>An objective below this value (scaled) at a feasible point is reported as unbounded.</summary>
    public double UnboundedObjective { get; init; } = -1e20;

    /// <summary>Iterates beyond this magnitude are reported as diverging (unbounded).</summary>
    public double DivergingIterates { get; init; } = 1e20;
}
