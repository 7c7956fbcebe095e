using OptService.Api.Tests.Infrastructure;
using OptService.Samples.CpSat;

namespace OptService.Api.Tests.CpSat;

/// <summary>samples/CpSatClient against the service: the OR-Tools assignment example, whose optimum is 265.</summary>
public sealed class CpSatSampleTests(ServiceFactory factory) : IClassFixture<ServiceFactory>
{
    [Fact]
    public async Task Sample_SubmitsItsModel_WaitsAndPrintsTheOptimalAssignment()
    {
        using var http = factory.CreateClient();
        var output = new StringWriter();
        var exit = await AssignmentClient.RunAsync(http, output);
        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("outcome optimal", text, StringComparison.Ordinal);
        Assert.Contains("total cost 265, objective 265", text, StringComparison.Ordinal);
        Assert.Equal(4, text.Split('\n').Count(l => l.StartsWith("worker ", StringComparison.Ordinal)));
    }
}
