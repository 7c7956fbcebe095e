using OptService.Kinds;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>Test problem: wait a while (cancellable), publish incumbents, log, write a file, or throw.</summary>
public sealed record DelayProblem
{
    public required int DurationMs { get; init; }
    public bool Fail { get; init; }
    public int LogLines { get; init; } = 3;
    public int ArtifactLines { get; init; }

    /// <summary>When cancelled, return what the real kinds return when stopped before any solution: an empty result with outcome notSolved.</summary>
    public bool NoSolutionWhenCancelled { get; init; }
}

public sealed record DelayResult(int SleptMs, bool Interrupted, int Improvements);

/// <summary>A problem kind that exists only in tests, to drive the job machinery through every path.</summary>
public sealed class DelayKind : ProblemKind<DelayProblem, DelayResult>
{
    public override string Name => "test-delay";
    public override string Summary => "Waits durationMs milliseconds.";

    protected override DelayProblem CreateExample() => new() { DurationMs = 10 };

    protected override IEnumerable<FieldError> Validate(DelayProblem problem)
    {
        if (problem.DurationMs < 0) yield return new FieldError("$.durationMs", "must be 0 or more");
        if (problem.LogLines < 0) yield return new FieldError("$.logLines", "must be 0 or more");
    }

    protected override async Task<SolveReport<DelayResult>> Solve(DelayProblem problem, ISolveContext context)
    {
        for (var i = 1; i <= problem.LogLines; i++) context.Info($"progress line {i}");
        if (problem.Fail) throw new InvalidOperationException("the test solver was asked to fail");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var improvements = 0;
        while (clock.ElapsedMilliseconds < problem.DurationMs && !context.Cancellation.IsCancellationRequested)
        {
            improvements++;
            context.ReportIncumbent(new DelayResult((int)clock.ElapsedMilliseconds, false, improvements), improvements);
            try
            {
                await Task.Delay(Math.Min(20, Math.Max(1, problem.DurationMs)), context.Cancellation);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        context.AddArtifact("out.txt", "text/plain", "slept\n"u8.ToArray());
        if (problem.ArtifactLines > 0)
            context.AddArtifact("big.txt", "text/plain", System.Text.Encoding.ASCII.GetBytes(
                string.Concat(Enumerable.Range(0, problem.ArtifactLines).Select(i => $"line {i}\n"))));
        var interrupted = context.Cancellation.IsCancellationRequested;
        if (interrupted && problem.NoSolutionWhenCancelled)
            return new SolveReport<DelayResult>(SolveOutcome.NotSolved, null, new DelayResult(0, true, 0), "cancelled before a solution was found");
        return new SolveReport<DelayResult>(interrupted ? SolveOutcome.Feasible : SolveOutcome.Optimal, problem.DurationMs,
            new DelayResult((int)clock.ElapsedMilliseconds, interrupted, improvements));
    }
}
