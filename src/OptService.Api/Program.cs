using OptService.Api.Access;
using OptService.Api.EventStream;
using OptService.Api.Health;
using OptService.Api.Hosting;
using OptService.Api.JobConsole;
using OptService.Api.JobsApi;
using OptService.Jobs;
using OptService.Jobs.Queue;
using OptService.Problems;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceLogging();
builder.AddHttpLimits();
var apiKeys = builder.AddApiKeys();
builder.Services.AddJobs(builder.Configuration).AddProblemKinds();
builder.Services.AddEventStreams();
builder.Services.AddApiDocumentation(apiKeys.Enabled).AddErrorHandling();

var app = builder.Build();
// LP/MIP solves write their model to a temp folder; a process killed mid-solve leaves it behind.
OptService.Problems.LinearProgramming.MpSolverProcess.RemoveLeftoverFolders();
app.UseServiceLogging();
app.UseErrorHandling();
app.UseApiKeys();
app.MapHealthApi();
if (app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<JobsOptions>>().Value.ServesApi)
{
    app.MapJobsApi();
    app.MapApiDocumentation();
    app.MapJobConsole();
    app.MapJobDashboard(DashboardAccess.AllowRemote(app, apiKeys.Enabled)).RequireAuthorization(ApiKeyAuthentication.DashboardPolicy);
}
app.Run();

/// <summary>Entry point, public for WebApplicationFactory in the functional tests.</summary>
public partial class Program;
