using System.Text.RegularExpressions;

namespace OptService.Api.Tests.Docker;

/// <summary>
/// docker/compose.yaml, docker/Dockerfile and the README describe the same deployment, and the sample is
/// secure by default: it never opens the job dashboard (which deletes and re-queues jobs) without API keys.
/// </summary>
public sealed partial class DockerComposeTests
{
    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OptService.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("OptService.sln not found");
        }
    }

    private static string Compose => File.ReadAllText(Path.Combine(Root, "docker", "compose.yaml"));

    [Fact]
    public void Compose_BuildsTheDockerfile_AndPublishesTheApiOnTheImagesPort()
    {
        var dockerfile = Dockerfile.Read(Path.Combine(Root, "docker", "Dockerfile"));
        var build = BuildFile().Match(Compose);
        Assert.True(build.Success, "compose.yaml names no dockerfile");
        Assert.True(File.Exists(Path.Combine(Root, build.Groups[1].Value)), $"compose.yaml builds {build.Groups[1].Value}, which does not exist");
        var port = PublishedPort().Match(Compose);
        Assert.True(port.Success, "compose.yaml publishes no port");
        Assert.Equal(dockerfile.ExposedPort, int.Parse(port.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains("docker compose -f docker/compose.yaml up --build", readme, StringComparison.Ordinal);
        Assert.Contains($"port {port.Groups[1].Value}", readme, StringComparison.Ordinal);
        Assert.Contains("Jobs__Role: Api", Compose, StringComparison.Ordinal);
        Assert.Contains("Jobs__Role: Worker", Compose, StringComparison.Ordinal);
        Assert.Contains("Jobs__PostgresConnectionString", Compose, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_OpensTheDashboardOnlyWithAnApiKeyFromTheEnvironment()
    {
        var allowsRemote = Compose.Contains("Dashboard__AllowRemote: \"true\"", StringComparison.Ordinal);
        var key = ApiKeyFromEnvironment().Match(Compose);
        Assert.True(!allowsRemote || key.Success, "the dashboard is opened to other machines without an API key");
        Assert.True(key.Success, "the sample must turn API keys on, with the key taken from the environment (.env)");
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        Assert.Contains(key.Groups[1].Value, readme, StringComparison.Ordinal);
        Assert.Contains("docker/.env", File.ReadAllText(Path.Combine(Root, ".gitignore")), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"dockerfile:\s*(\S+)")]
    private static partial Regex BuildFile();

    [GeneratedRegex(@"-\s*""(\d+):(\d+)""")]
    private static partial Regex PublishedPort();

    [GeneratedRegex(@"Auth__ApiKeys__0__Key:\s*\$\{(\w+)")]
    private static partial Regex ApiKeyFromEnvironment();
}
