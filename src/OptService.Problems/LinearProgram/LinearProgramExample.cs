namespace OptService.Problems.LinearProgram;

/// <summary>The prefilled Swagger example: a two-product production plan.</summary>
internal static class LinearProgramExample
{
    /// <summary>Maximize 45·chairs + 80·tables subject to wood 5·c + 20·t ≤ 400 and labour 10·c + 15·t ≤ 450 (optimum 2200 at c = 24, t = 14).</summary>
    public static LinearProgramProblem Production { get; } = new()
    {
        Name = "production",
        Variables =
        [
            new LpVariable { Name = "chairs", Lower = 0 },
            new LpVariable { Name = "tables", Lower = 0 },
        ],
        Constraints =
        [
            new LpConstraint { Name = "wood", Terms = new LinearTerms(["chairs", "tables"], [5, 20]), Upper = 400 },
            new LpConstraint { Name = "labour", Terms = new LinearTerms(["chairs", "tables"], [10, 15]), Upper = 450 },
        ],
        Objective = new LpObjective { Sense = ObjectiveSense.Maximize, Terms = new LinearTerms(["chairs", "tables"], [45, 80]) },
        Options = new LinearProgramOptions { Solver = LinearProgramSolver.Auto },
    };
}
