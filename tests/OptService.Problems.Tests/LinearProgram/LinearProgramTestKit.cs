using System.Text.Json;
using System.Text.Json.Nodes;
using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>Runs linear programs through the kind as the job machinery does: parse, store JSON, solve.</summary>
internal static class LinearProgramTestKit
{
    public static readonly LinearProgramKind Kind = new(new LinearProgramLimits());

    public static LinearProgramProblem ReadMps(string text, LinearProgramOptions? options = null)
    {
        var (problem, errors) = MpsReader.Read(text, options);
        Assert.True(problem is not null, "MPS errors: " + string.Join("; ", errors.Select(e => $"{e.Path}: {e.Reason}")));
        return problem!;
    }

    public static LinearProgramProblem ReadFixture(string folder, string file, LinearProgramOptions? options = null) =>
        ReadMps(SharedFixtures.Read(folder, file), options);

    /// <summary>Accepts the problem as a submission would (validation, canonical JSON) and solves the stored JSON.</summary>
    public static async Task<(SolveReport Report, LinearProgramResult Result, RecordingSolveContext Context)> SolveAsync(
        LinearProgramProblem problem, CancellationToken cancellation = default)
    {
        var parsed = Kind.Accept(problem);
        Assert.True(parsed.IsValid, "invalid: " + string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        var context = new RecordingSolveContext(cancellation);
        var report = await Kind.SolveAsync(parsed.Utf8Json!, context);
        return (report, (LinearProgramResult)report.Result!, context);
    }

    public static Task<(SolveReport Report, LinearProgramResult Result, RecordingSolveContext Context)> SolveJsonAsync(string json)
    {
        return SolveAsync(Parse(json));
    }

    /// <summary>The problem a valid JSON submission becomes (what the submit route hands the worker).</summary>
    public static LinearProgramProblem Parse(string json)
    {
        var parsed = Kind.Parse(System.Text.Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, "invalid: " + string.Join("; ", parsed.Errors.Select(e => $"{e.Path}: {e.Reason}")));
        return (LinearProgramProblem)parsed.Problem!;
    }

    public static IReadOnlyList<FieldError> Errors(string json) =>
        Kind.Parse(System.Text.Encoding.UTF8.GetBytes(json)).Errors;

    public static JsonObject ToJson(LinearProgramProblem problem) =>
        JsonSerializer.SerializeToNode(problem, JobJson.Options)!.AsObject();

    public static LinearProgramOptions With(LinearProgramSolver solver) => new() { Solver = solver, TimeLimitSeconds = 30 };
}
