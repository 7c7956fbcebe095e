using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OptService.Api.Tests.Infrastructure;
using OptService.Jobs;
using OptService.Kinds;

namespace OptService.Api.Tests.JobsApi;

/// <summary>
/// Every kind binds its limits from configuration section <c>Kinds:&lt;name&gt;</c> the same way: with one limit set
/// below the size of the kind's own example, the example is refused with a 400 that names that limit's key.
/// </summary>
public sealed class KindLimitsTests : IClassFixture<KindLimitsTests.SmallLimits>
{
    /// <summary>One limit per kind, each below what the kind's Swagger example needs.</summary>
    public static readonly TheoryData<string, string, string> Limits = new()
    {
        { "transshipment", "MaxArcs", "3" },            // American Steel has 14 arcs
        { "nurse-scheduling", "MaxStaff", "3" },        // the example rosters 4 nurses
        { "lunar-landing", "MaxIntervals", "10" },      // the example has 50 intervals
        { "cp-sat", "MaxVariables", "1" },
        { "linear-program", "MaxVariables", "1" },
    };

    public sealed class SmallLimits : IDisposable
    {
        public ServiceFactory Factory { get; } = ServiceFactory.With(
            Limits.ToDictionary(row => $"Kinds:{row[0]}:{row[1]}", row => (string?)row[2]));

        public void Dispose() => Factory.Dispose();
    }

    private readonly SmallLimits _service;

    public KindLimitsTests(SmallLimits service) => _service = service;

    [Theory]
    [MemberData(nameof(Limits))]
    public async Task Submit_IsRefusedNamingTheLimit_WhenTheExampleExceedsTheConfiguredLimit(string kindName, string limit, string value)
    {
        var kind = _service.Factory.Services.GetRequiredService<ProblemKindCatalog>().Find(kindName)!;
        var client = new JobClient(_service.Factory.CreateClient());

        using var response = await client.SubmitRawAsync(kindName, JsonSerializer.Serialize(kind.Example, kind.ProblemType, JobJson.Options));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = (await JobClient.ReadProblemAsync(response)).ToJsonString();
        Assert.Contains($"Kinds:{kindName}:{limit}", text, StringComparison.Ordinal);
        Assert.Contains(value, text, StringComparison.Ordinal);
    }
}
