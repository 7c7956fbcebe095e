using System.Globalization;
using System.Text;
using OptService.Kinds;
using OptService.Jobs.Store;
using OptService.Jobs.Tests.Infrastructure;

namespace OptService.Jobs.Tests.Store;

/// <summary>
/// A result travels as UTF-8 bytes from the finish to the store and back, and is stored as the same TEXT value a string
/// gave: results written by an earlier version (strings) read back as their UTF-8 bytes, and a store written now stays
/// readable by one.
/// </summary>
[Collection(PostgresTests.Name)]
public sealed class ResultStorageTests
{
    public static TheoryData<string> Backends => TempStore.Backends;

    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);

    // Multi-byte characters (2, 3 and 4 bytes in UTF-8), as a kind with an encoder that does not escape them would write.
    private const string Json = "{\"id\":\"Zürich → 東京 🚚\",\"flow\":[1,2.5,-0]}";

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task Finish_StoresTheUtf8ResultAsText_AndReadsBackTheSameBytes(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = await FinishedJobAsync(temp, Encoding.UTF8.GetBytes(Json));

        Assert.Equal(Encoding.UTF8.GetBytes(Json), await temp.Store.GetResultAsync(id));
        var (job, result) = (await temp.Store.GetWithResultAsync(id))!.Value;
        Assert.True(job.HasResult);
        Assert.Equal(Encoding.UTF8.GetBytes(Json), result);
        // TEXT, not a BLOB: length() counts characters (a BLOB's would count bytes), and the value equals the string.
        Assert.Equal(Json.EnumerateRunes().Count(), Convert.ToInt32(await temp.ExecuteScalarAsync("SELECT length(result) FROM opt_jobs WHERE id = @id", id), CultureInfo.InvariantCulture));
        Assert.Equal(Json, await temp.ExecuteScalarAsync("SELECT result FROM opt_jobs WHERE id = @id", id));
        if (backend == TempStore.Sqlite) Assert.Equal("text", await temp.ExecuteScalarAsync("SELECT typeof(result) FROM opt_jobs WHERE id = @id", id));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AResultStoredAsAString_ByAnEarlierVersion_ReadsAsItsUtf8Bytes(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = await FinishedJobAsync(temp, "{}"u8.ToArray());
        // What the earlier version's finish bound: the result as a string parameter.
        await temp.ExecuteScalarAsync("UPDATE opt_jobs SET result = @value WHERE id = @id", id, Json);

        Assert.Equal(Encoding.UTF8.GetBytes(Json), await temp.Store.GetResultAsync(id));
        Assert.Equal(Encoding.UTF8.GetBytes(Json), (await temp.Store.GetWithResultAsync(id))!.Value.Utf8Result);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public async Task AJobWithoutAResult_ReadsAsNull(string backend)
    {
        await using var temp = await TempStore.CreateAsync(backend);
        var id = await FinishedJobAsync(temp, null);
        Assert.Null(await temp.Store.GetResultAsync(id));
        var (job, result) = (await temp.Store.GetWithResultAsync(id))!.Value;
        Assert.False(job.HasResult);
        Assert.Null(result);
    }

    private static async Task<Guid> FinishedJobAsync(TempStore temp, byte[]? utf8Result)
    {
        var id = Guid.CreateVersion7();
        await temp.Store.CreateAsync(id, "k", "{}"u8.ToArray(), T0);
        Assert.NotNull(await temp.Store.TryStartAsync(id, "w", T0, T0.AddSeconds(30)));
        Assert.True(await temp.Store.FinishAsync(id, "w",
            new JobCompletion(JobStatus.Succeeded, SolveOutcome.Optimal, 1, null, null, utf8Result, T0), JobOutput.None));
        return id;
    }
}
