namespace OptService.Nlp.Tests;

/// <summary>Small NLPs with known answers.</summary>
internal static class KnownProblems
{
    private const double Inf = double.PositiveInfinity;

    /// <summary>Hock–Schittkowski 71 (Ipopt's tutorial problem): f* = 17.0140173.</summary>
    public static DenseNlp Hs071() => new()
    {
        Lower = [1, 1, 1, 1],
        Upper = [5, 5, 5, 5],
        ConstraintLower = [25, 40],
        ConstraintUpper = [Inf, 40],
        Start = [1, 5, 5, 1],
        F = x => x[0] * x[3] * (x[0] + x[1] + x[2]) + x[2],
        Gradient = x =>
        [
            x[0] * x[3] + x[3] * (x[0] + x[1] + x[2]),
            x[0] * x[3],
            x[0] * x[3] + 1,
            x[0] * (x[0] + x[1] + x[2]),
        ],
        G = x => [x[0] * x[1] * x[2] * x[3], x[0] * x[0] + x[1] * x[1] + x[2] * x[2] + x[3] * x[3]],
        Jacobian = x =>
        [
            [x[1] * x[2] * x[3], x[0] * x[2] * x[3], x[0] * x[1] * x[3], x[0] * x[1] * x[2]],
            [2 * x[0], 2 * x[1], 2 * x[2], 2 * x[3]],
        ],
        Hessian = (x, s, l) =>
        {
            var h = new double[4][];
            for (var i = 0; i < 4; i++) h[i] = new double[4];
            void Add(int i, int j, double v) { h[i][j] += v; if (i != j) h[j][i] += v; }
            Add(0, 0, s * 2 * x[3]);
            Add(1, 0, s * x[3]);
            Add(2, 0, s * x[3]);
            Add(3, 0, s * (2 * x[0] + x[1] + x[2]));
            Add(3, 1, s * x[0]);
            Add(3, 2, s * x[0]);
            Add(1, 0, l[0] * x[2] * x[3]);
            Add(2, 0, l[0] * x[1] * x[3]);
            Add(3, 0, l[0] * x[1] * x[2]);
            Add(2, 1, l[0] * x[0] * x[3]);
            Add(3, 1, l[0] * x[0] * x[2]);
            Add(3, 2, l[0] * x[0] * x[1]);
            for (var i = 0; i < 4; i++) Add(i, i, 2 * l[1]);
            return h;
        },
    };

    /// <summary>Rosenbrock from (−1.2, 1): minimum 0 at (1, 1).</summary>
    public static DenseNlp Rosenbrock() => new()
    {
        Lower = [-Inf, -Inf],
        Upper = [Inf, Inf],
        Start = [-1.2, 1],
        F = x => 100 * Math.Pow(x[1] - x[0] * x[0], 2) + Math.Pow(1 - x[0], 2),
        Gradient = x => [-400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]), 200 * (x[1] - x[0] * x[0])],
        Hessian = (x, s, _) =>
        [
            [s * (1200 * x[0] * x[0] - 400 * x[1] + 2), s * -400 * x[0]],
            [s * -400 * x[0], s * 200],
        ],
    };

    /// <summary>min ½‖x‖² s.t. x₁ + x₂ + x₃ = 3, x₁ − x₂ = 1: x = (1.5, 0.5, 1), f = 1.75, λ = (−1, −0.5).</summary>
    public static DenseNlp EqualityQp() => new()
    {
        Lower = [-Inf, -Inf, -Inf],
        Upper = [Inf, Inf, Inf],
        ConstraintLower = [3, 1],
        ConstraintUpper = [3, 1],
        Start = [10, -7, 3],
        F = x => 0.5 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2]),
        Gradient = x => [x[0], x[1], x[2]],
        G = x => [x[0] + x[1] + x[2], x[0] - x[1]],
        Jacobian = _ => [[1, 1, 1], [1, -1, 0]],
        Hessian = (_, s, _) => [[s, 0, 0], [0, s, 0], [0, 0, s]],
    };

    /// <summary>min (x − 2)² + (y + 1)² on [0, 1] × [0, 3]: (1, 0), f = 2.</summary>
    public static DenseNlp BoundConstrained() => new()
    {
        Lower = [0, 0],
        Upper = [1, 3],
        Start = [0.5, 2],
        F = x => Math.Pow(x[0] - 2, 2) + Math.Pow(x[1] + 1, 2),
        Gradient = x => [2 * (x[0] - 2), 2 * (x[1] + 1)],
        Hessian = (_, s, _) => [[2 * s, 0], [0, 2 * s]],
    };

    /// <summary>x² + y² ≤ 1 and x + y ≥ 3 cannot hold together: infeasible (least violation at x = y = 1/√2 · …).</summary>
    public static DenseNlp Infeasible() => new()
    {
        Lower = [-Inf, -Inf],
        Upper = [Inf, Inf],
        ConstraintLower = [-Inf, 3],
        ConstraintUpper = [1, Inf],
        Start = [-2, 0.5],
        F = x => x[0] * x[0] + 2 * x[1] * x[1],
        Gradient = x => [2 * x[0], 4 * x[1]],
        G = x => [x[0] * x[0] + x[1] * x[1], x[0] + x[1]],
        Jacobian = x => [[2 * x[0], 2 * x[1]], [1, 1]],
        Hessian = (_, s, l) => [[2 * s + 2 * l[0], 0], [0, 4 * s + 2 * l[0]]],
    };

    /// <summary>min −x − y s.t. x − y = 0, x ≥ 0: unbounded below.</summary>
    public static DenseNlp Unbounded() => new()
    {
        Lower = [0, -Inf],
        Upper = [Inf, Inf],
        ConstraintLower = [0],
        ConstraintUpper = [0],
        Start = [1, 2],
        F = x => -x[0] - x[1],
        Gradient = _ => [-1, -1],
        G = x => [x[0] - x[1]],
        Jacobian = _ => [[1, -1]],
        Hessian = (_, _, _) => [[0, 0], [0, 0]],
    };
}
