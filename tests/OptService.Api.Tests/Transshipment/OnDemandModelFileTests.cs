using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using OptService.Api.Tests.Infrastructure;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Transshipment;

/// <summary>model.lp and model.mps are listed from the start and written from the stored problem at their first download.</summary>
public sealed class OnDemandModelFileTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    private readonly JobClient _client = new(factory.CreateClient());

    [Fact]
    public async Task ModelFiles_AreListedUnwritten_ThenWrittenOnceAtTheFirstDownload()
    {
        var id = await _client.SubmitAsync("transshipment", SharedFixtures.Read("seed", "american-steel.json"));
        await _client.WaitAsync(id);

        var before = await ListAsync(id);
        Assert.Equal(["flows.csv", "model.lp", "model.mps"], before.Keys.Order(StringComparer.Ordinal));
        Assert.Null(before["model.lp"]["size"]?.GetValue<long>());
        Assert.Null(before["model.mps"]["createdAt"]);
        Assert.NotNull(before["flows.csv"]["size"]);

        var first = await _client.Http.GetByteArrayAsync($"/api/v1/jobs/{id}/artifacts/model.lp");
        var second = await _client.Http.GetByteArrayAsync($"/api/v1/jobs/{id}/artifacts/model.lp");
        Assert.Equal(first, second);

        var after = await ListAsync(id);
        Assert.Equal(first.Length, after["model.lp"]["size"]!.GetValue<long>());
        Assert.NotNull(after["model.lp"]["createdAt"]);
        Assert.Null(after["model.mps"]["size"]?.GetValue<long>());

        using var missing = await _client.Http.GetAsync($"/api/v1/jobs/{id}/artifacts/model.nl");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<Dictionary<string, JsonNode>> ListAsync(Guid id) =>
        (await _client.Http.GetFromJsonAsync<JsonArray>($"/api/v1/jobs/{id}/artifacts"))!
            .ToDictionary(a => a!["name"]!.GetValue<string>(), a => a!);
}
