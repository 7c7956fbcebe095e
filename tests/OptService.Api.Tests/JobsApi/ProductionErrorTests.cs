using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OptService.Api.Tests.Infrastructure;
using OptService.Kinds;

namespace OptService.Api.Tests.JobsApi;

public sealed class ProductionErrorTests
{
    /// <summary>A kind whose validation has a bug: it throws with internal details in the message.</summary>
    private sealed class BrokenKind : ProblemKind<DelayProblem, DelayResult>
    {
        public override string Name => "test-broken";
        public override string Summary => "Throws while validating.";

        protected override DelayProblem CreateExample() => new() { DurationMs = 1 };

        protected override IEnumerable<FieldError> Validate(DelayProblem problem) =>
            throw new InvalidOperationException("secret detail at /srv/optservice/internal/Validator.cs:42");

        protected override Task<SolveReport<DelayResult>> Solve(DelayProblem problem, ISolveContext context) => throw new NotSupportedException();
    }

    [Fact]
    public async Task AnUnexpectedException_InProduction_AnswersAPlain500_WithoutStackTraceOrPaths()
    {
        using var service = new ServiceFactory();
        using var production = service.WithWebHostBuilder(builder => builder
            .UseEnvironment("Production")
            .ConfigureTestServices(services => services.AddSingleton<IProblemKind, BrokenKind>()));
        var client = new JobClient(production.CreateClient());

        using var response = await client.SubmitRawAsync("test-broken", """{ "durationMs": 1 }""");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var problem = await JobClient.ReadProblemAsync(response);
        var body = problem.ToJsonString();
        Assert.Equal(500, problem["status"]!.GetValue<int>());
        Assert.DoesNotContain("secret", body, StringComparison.Ordinal);
        Assert.DoesNotContain("/srv/", body, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs", body, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", body, StringComparison.Ordinal);
        // Nothing was queued.
        Assert.Equal("[]", await client.Http.GetStringAsync("/api/v1/jobs"));
    }
}
