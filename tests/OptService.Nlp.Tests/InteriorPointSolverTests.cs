namespace OptService.Nlp.Tests;

public class InteriorPointSolverTests
{
    [Fact]
    public void Solve_FindsHs071Optimum()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Hs071());
        Assert.Equal(NlpStatus.Optimal, result.Status);
        Assert.Equal(17.0140173, result.Objective, 1e-6);
        double[] expected = [1.0, 4.7429994, 3.8211503, 1.3794082];
        for (var i = 0; i < 4; i++) Assert.Equal(expected[i], result.X[i], 1e-6);
        Assert.True(result.Iterations < 30, $"{result.Iterations} iterations");
    }

    [Fact]
    public void Solve_FindsRosenbrockMinimum_FromTheClassicStart()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Rosenbrock());
        Assert.Equal(NlpStatus.Optimal, result.Status);
        Assert.Equal(1, result.X[0], 1e-6);
        Assert.Equal(1, result.X[1], 1e-6);
        Assert.Equal(0, result.Objective, 1e-10);
    }

    [Fact]
    public void Solve_FindsEqualityConstrainedQpSolution_AndMultipliers()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.EqualityQp());
        Assert.Equal(NlpStatus.Optimal, result.Status);
        Assert.Equal(1.5, result.X[0], 1e-8);
        Assert.Equal(0.5, result.X[1], 1e-8);
        Assert.Equal(1.0, result.X[2], 1e-8);
        Assert.Equal(1.75, result.Objective, 1e-8);
        Assert.Equal(-1.0, result.ConstraintMultipliers[0], 1e-6);
        Assert.Equal(-0.5, result.ConstraintMultipliers[1], 1e-6);
    }

    [Fact]
    public void Solve_StopsOnActiveBounds()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.BoundConstrained());
        Assert.Equal(NlpStatus.Optimal, result.Status);
        Assert.Equal(1, result.X[0], 1e-7);
        Assert.Equal(0, result.X[1], 1e-7);
        Assert.Equal(2, result.Objective, 1e-7);
    }

    [Fact]
    public void Solve_ReturnsLocallyInfeasible_WhenConstraintsContradict()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Infeasible());
        Assert.Equal(NlpStatus.LocallyInfeasible, result.Status);
        Assert.Contains("infeasib", result.Message, StringComparison.Ordinal);
        // Least violation: on the line x = y; the violation cannot be zero.
        Assert.True(result.ConstraintViolation > 0.1, $"violation {result.ConstraintViolation}");
    }

    [Fact]
    public void Solve_ReturnsUnbounded_WhenObjectiveDecreasesWithoutLimit()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Unbounded());
        Assert.Equal(NlpStatus.Unbounded, result.Status);
    }

    [Fact]
    public void Solve_HonoursIterationLimit()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Rosenbrock(), new NlpOptions { MaxIterations = 3 });
        Assert.Equal(NlpStatus.IterationLimit, result.Status);
        Assert.Equal(3, result.Iterations);
    }

    [Fact]
    public void Solve_StopsWhenTheCallbackSaysSo_AndReportsEveryIteration()
    {
        var records = new List<IterationRecord>();
        var result = InteriorPointSolver.Solve(KnownProblems.Hs071(), onIteration: r => { records.Add(r); return r.Iteration < 2; });
        Assert.Equal(NlpStatus.Stopped, result.Status);
        Assert.Equal([0, 1, 2], records.Select(r => r.Iteration));
    }

    [Fact]
    public void Solve_HonoursTimeLimit()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Hs071(), new NlpOptions { TimeLimit = TimeSpan.Zero });
        Assert.Equal(NlpStatus.TimeLimit, result.Status);
        Assert.Equal(0, result.Iterations);
    }

    [Fact]
    public void Solve_ReportsCountsAndTimings()
    {
        var result = InteriorPointSolver.Solve(KnownProblems.Hs071());
        Assert.Equal(4, result.FreeVariableCount);
        Assert.Equal(1, result.EqualityConstraintCount);
        Assert.Equal(1, result.InequalityConstraintCount);
        Assert.True(result.ConstraintViolation < 1e-7);
        Assert.True(result.ObjectiveEvaluations > result.Iterations);
        Assert.True(result.EvaluationTime + result.LinearAlgebraTime <= result.TotalTime + TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Solve_StopsWhenCancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var result = InteriorPointSolver.Solve(KnownProblems.Hs071(), cancellationToken: cancelled.Token);
        Assert.Equal(NlpStatus.Stopped, result.Status);
    }
}
