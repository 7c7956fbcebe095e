using OptService.Jobs.Execution;
using OptService.Kinds;
using OptService.Jobs.Store;

namespace OptService.Jobs.Tests.Execution;

public sealed class JobSolveContextTests
{
    [Fact]
    public void Restore_PutsAFailedWriteBackAheadOfNewerLines_AndKeepsTheIncumbent()
    {
        var context = new JobSolveContext(Guid.NewGuid(), maxLogLines: 100, CancellationToken.None);
        context.Log(JobLogLevel.Info, "first");
        context.ReportIncumbent(new { value = 1 }, 7);
        var failedWrite = context.Drain();
        context.Log(JobLogLevel.Info, "second");

        context.Restore(failedWrite);
        var output = context.Drain();

        Assert.Equal(["first", "second"], output.Lines.Select(l => l.Message));
        Assert.Equal("""{"value":1}""", output.Incumbent);
        Assert.Equal(7, output.IncumbentObjective);
        Assert.Same(JobOutput.None, context.Drain());
    }

    [Fact]
    public void Restore_DoesNotReplaceANewerIncumbent()
    {
        var context = new JobSolveContext(Guid.NewGuid(), maxLogLines: 100, CancellationToken.None);
        context.ReportIncumbent(new { value = 1 }, 7);
        var failedWrite = context.Drain();
        context.ReportIncumbent(new { value = 2 }, 5);

        context.Restore(failedWrite);

        var output = context.Drain();
        Assert.Equal("""{"value":2}""", output.Incumbent);
        Assert.Equal(5, output.IncumbentObjective);
    }
}
