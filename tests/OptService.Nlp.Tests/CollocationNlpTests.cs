using OptService.Nlp.Collocation;

namespace OptService.Nlp.Tests;

public class CollocationNlpTests
{
    private static double CostError(CollocationMethod method, int intervals)
    {
        var nlp = new CollocationNlp(new ExponentialDecayProblem(), method, intervals);
        var result = InteriorPointSolver.Solve(nlp, new NlpOptions { Tolerance = 1e-12 });
        Assert.Equal(NlpStatus.Optimal, result.Status);
        return Math.Abs(result.Objective - ExponentialDecayProblem.OptimalCost);
    }

    [Theory]
    [InlineData(CollocationMethod.ForwardEuler, 0.8, 1.3)]
    [InlineData(CollocationMethod.Trapezoidal, 1.8, 2.3)]
    [InlineData(CollocationMethod.HermiteSimpson, 3.6, 4.5)]
    public void Solve_ConvergesAtTheMethodsOrder_OnAProblemWithAnalyticSolution(CollocationMethod method, double low, double high)
    {
        var coarse = CostError(method, 10);
        var fine = CostError(method, 20);
        var order = Math.Log2(coarse / fine);
        Assert.InRange(order, low, high);
    }

    [Fact]
    public void HermiteSimpson_IsMoreAccurateThanTrapezoidal_WhichIsMoreAccurateThanEuler()
    {
        var euler = CostError(CollocationMethod.ForwardEuler, 16);
        var trapezoidal = CostError(CollocationMethod.Trapezoidal, 16);
        var hermite = CostError(CollocationMethod.HermiteSimpson, 16);
        Assert.True(hermite < 1e-3 * trapezoidal && trapezoidal < euler, $"{euler} {trapezoidal} {hermite}");
    }

    [Theory]
    [InlineData(CollocationMethod.ForwardEuler)]
    [InlineData(CollocationMethod.Trapezoidal)]
    [InlineData(CollocationMethod.HermiteSimpson)]
    public void Solve_SatisfiesEveryDefect_AndMatchesTheAnalyticTrajectory(CollocationMethod method)
    {
        var nlp = new CollocationNlp(new ExponentialDecayProblem(), method, 40);
        var result = InteriorPointSolver.Solve(nlp);
        Assert.Equal(NlpStatus.Optimal, result.Status);
        var g = new double[nlp.ConstraintCount];
        nlp.Constraints(result.X, g);
        Assert.All(g, defect => Assert.InRange(defect, -1e-9, 1e-9));
        Assert.Equal(1, result.X[nlp.StateIndex(0, 0)], 12);
        var last = nlp.NodeCount - 1;
        Assert.Equal(1 / Math.Cosh(1), result.X[nlp.StateIndex(last, 0)], method == CollocationMethod.ForwardEuler ? 2e-2 : 1e-3);
    }

    [Fact]
    public void Counts_FollowTheTranscription()
    {
        var euler = new CollocationNlp(new ExponentialDecayProblem(), CollocationMethod.ForwardEuler, 50);
        Assert.Equal(51 * 2, euler.VariableCount);
        Assert.Equal(50, euler.ConstraintCount);
        var hermite = new CollocationNlp(new ExponentialDecayProblem(), CollocationMethod.HermiteSimpson, 50);
        Assert.Equal(101 * 2, hermite.VariableCount);
        Assert.Equal(100, hermite.ConstraintCount);
    }

    [Fact]
    public void Derivatives_MatchFiniteDifferences()
    {
        var nlp = new CollocationNlp(new ExponentialDecayProblem(), CollocationMethod.HermiteSimpson, 3);
        var x = Enumerable.Range(0, nlp.VariableCount).Select(i => Math.Sin(i + 1.0)).ToArray();
        var gradient = new double[nlp.VariableCount];
        nlp.ObjectiveGradient(x, gradient);
        var rows = new int[nlp.JacobianNonZeroCount];
        var cols = new int[rows.Length];
        nlp.GetJacobianStructure(rows, cols);
        var values = new double[rows.Length];
        nlp.JacobianValues(x, values);
        var jacobian = new double[nlp.ConstraintCount, nlp.VariableCount];
        for (var e = 0; e < rows.Length; e++) jacobian[rows[e], cols[e]] += values[e];
        const double h = 1e-6;
        var gPlus = new double[nlp.ConstraintCount];
        var gMinus = new double[nlp.ConstraintCount];
        for (var j = 0; j < nlp.VariableCount; j++)
        {
            var xp = (double[])x.Clone();
            var xm = (double[])x.Clone();
            xp[j] += h;
            xm[j] -= h;
            Assert.Equal((nlp.Objective(xp) - nlp.Objective(xm)) / (2 * h), gradient[j], 1e-6);
            nlp.Constraints(xp, gPlus);
            nlp.Constraints(xm, gMinus);
            for (var i = 0; i < nlp.ConstraintCount; i++) Assert.Equal((gPlus[i] - gMinus[i]) / (2 * h), jacobian[i, j], 1e-6);
        }
    }
}
