using OptService.Problems.NurseScheduling;

namespace OptService.Problems.Tests.NurseScheduling;

internal static class NurseSchedulingTestData
{
    public static NurseSchedulingProblem Instance(string file, NurseSolveOptions? options = null)
    {
        var (problem, errors) = NrpInstanceParser.Parse(SharedFixtures.Read("nrp", file), options);
        Assert.Empty(errors);
        return problem!;
    }

    public static async Task<NurseSchedulingResult> Solve(NurseSchedulingProblem problem, RecordingSolveContext context)
    {
        var kind = new NurseSchedulingKind(new NurseSchedulingLimits());
        var accepted = kind.Accept(problem);
        Assert.True(accepted.IsValid, string.Join("; ", accepted.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        var report = await kind.SolveAsync(accepted.Utf8Json!, context);
        return Assert.IsType<NurseSchedulingResult>(report.Result);
    }
}
