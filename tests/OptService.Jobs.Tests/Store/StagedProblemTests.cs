using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Store;

/// <summary>
/// A large problem written before its job row (<see cref="JobStore.StageProblemAsync"/>): adopted by the admission,
/// deleted when the job is not created, swept when a crash left it behind; on both databases.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class StagedProblemTests
{
    public static TheoryData<string> Backends => TempStore.Backends;

    private static readonly byte[] Problem = "{\"durationMs\":1,\"padding\":\"0123456789\"}"u8.ToArray();

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Admit_WithAStagedProblem_InsertsTheJobRowOnly_AndTheJobReadsTheStagedBytes(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.StageProblemAsync(id, Problem);
        Assert.Null(await temp.Store.GetAsync(id));

        var created = Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(id, new NewJob("k", Problem) { ProblemStaged = true }, 0, DateTimeOffset.UtcNow));

        Assert.Equal(id, created.Job.Id);
        Assert.Equal(Problem, await temp.Store.GetProblemAsync(id));
        Assert.Equal(1, await temp.CountRowsAsync("opt_job_problems"));
        // An admitted job's problem is neither a leftover nor deletable as a staged one.
        Assert.Equal(0, await temp.Store.DeleteOrphanedProblemsAsync(DateTimeOffset.UtcNow.AddDays(1)));
        Assert.False(await temp.Store.DeleteStagedProblemAsync(id));
        Assert.Equal(Problem, await temp.Store.GetProblemAsync(id));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Admit_WhenTheStagedProblemIsGone_WritesTheProblemItself(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = Guid.CreateVersion7();
        await temp.Store.StageProblemAsync(id, Problem);
        Assert.True(await temp.Store.DeleteStagedProblemAsync(id));
        Assert.Equal(0, await temp.CountRowsAsync("opt_job_problems"));

        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(id, new NewJob("k", Problem) { ProblemStaged = true }, 0, DateTimeOffset.UtcNow));

        Assert.Equal(Problem, await temp.Store.GetProblemAsync(id));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Admit_RefusedWithAStagedProblem_LeavesTheRowToItsSubmission_WhichDeletesIt(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(Guid.CreateVersion7(), new NewJob("k", "{}"u8.ToArray()), 0, DateTimeOffset.UtcNow));
        var id = Guid.CreateVersion7();
        await temp.Store.StageProblemAsync(id, Problem);

        Assert.IsType<Admission.QueueFull>(await temp.Store.AdmitAsync(id, new NewJob("k", Problem) { ProblemStaged = true }, maxQueued: 1, DateTimeOffset.UtcNow));
        Assert.Equal(2, await temp.CountRowsAsync("opt_job_problems"));

        Assert.True(await temp.Store.DeleteStagedProblemAsync(id));
        Assert.Equal(1, await temp.CountRowsAsync("opt_job_problems"));
        Assert.Equal(1, await temp.CountRowsAsync("opt_jobs"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task DeleteOrphanedProblems_DeletesRowsWithoutAJob_StagedBeforeTheCutoff(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var now = DateTimeOffset.UtcNow;
        // A crash's leftover (two hours old), a submission still parsing (now), and an admitted job.
        var leftover = Guid.CreateVersion7(now.AddHours(-2));
        var inFlight = Guid.CreateVersion7(now);
        var admitted = Guid.CreateVersion7(now.AddHours(-3));
        await temp.Store.StageProblemAsync(leftover, Problem);
        await temp.Store.StageProblemAsync(inFlight, Problem);
        await temp.Store.StageProblemAsync(admitted, Problem);
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(admitted, new NewJob("k", Problem) { ProblemStaged = true }, 0, now));

        Assert.Equal(1, await temp.Store.DeleteOrphanedProblemsAsync(now - JobStore.StagedProblemGrace));

        Assert.Equal(2, await temp.CountRowsAsync("opt_job_problems"));
        // The submission in flight still finds its row.
        Assert.IsType<Admission.Created>(await temp.Store.AdmitAsync(inFlight, new NewJob("k", Problem) { ProblemStaged = true }, 0, now));
        Assert.Equal(0, await temp.Store.DeleteOrphanedProblemsAsync(now.AddDays(1)));
        Assert.Equal(Problem, await temp.Store.GetProblemAsync(inFlight));
        Assert.Equal(Problem, await temp.Store.GetProblemAsync(admitted));
        Assert.Equal(2, await temp.CountRowsAsync("opt_job_problems"));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task StageProblem_RefusesAnIdWithoutATime(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        await Assert.ThrowsAsync<ArgumentException>(() => temp.Store.StageProblemAsync(Guid.NewGuid(), Problem));
        Assert.Equal(0, await temp.CountRowsAsync("opt_job_problems"));
    }
}
