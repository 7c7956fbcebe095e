using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Docker;

/// <summary>
/// The documented scale-out deployment (<c>docker compose -f docker/compose.yaml up --build</c>) must build
/// and run. There is no Docker engine on the test machines, so this does what the image build does, step by
/// step from the Dockerfile itself: copies what it copies into a clean folder, runs its publish command, and
/// starts the published app with the runtime stage's entrypoint and environment as an unprivileged user;
/// then American Steel is solved on CBC, which runs in the MpSolverHost child process the image must ship.
/// </summary>
public sealed class DockerImageTests
{
    private static string RepositoryRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OptService.sln"))) return dir.FullName;
            throw new DirectoryNotFoundException("OptService.sln not found above " + AppContext.BaseDirectory);
        }
    }

    [Fact]
    public async Task PublishedAsTheDockerfileDoes_TheAppSolvesAmericanSteelOnAChildProcessBackend()
    {
        var dockerfile = Dockerfile.Read(Path.Combine(RepositoryRoot, "docker", "Dockerfile"));
        var root = Directory.CreateTempSubdirectory("optservice-image-").FullName;
        try
        {
            // COPY: a clean copy of exactly what the build stage copies (no bin/obj, as .dockerignore says).
            var context = Path.Combine(root, "context");
            foreach (var (sources, destination) in dockerfile.BuildCopies)
            {
                // A relative destination is relative to WORKDIR, which is the clean folder itself.
                var target = Path.Combine(context, destination.StartsWith('/')
                    ? Path.GetRelativePath(dockerfile.BuildWorkDir, destination)
                    : destination);
                foreach (var source in sources) CopyClean(Path.Combine(RepositoryRoot, source), source.EndsWith('/') ? target : Path.Combine(target, Path.GetFileName(source)));
            }

            // RUN: the publish command, word for word, with its output folder inside the temp folder.
            var app = Path.Combine(root, "app");
            var command = dockerfile.PublishCommand.Replace($"-o {dockerfile.PublishOutput}", $"-o {app}", StringComparison.Ordinal);
            var (publishExit, publishOutput) = await RunAsync("bash", ["-c", command], context, TimeSpan.FromMinutes(10));
            Assert.True(publishExit == 0, $"{command} failed:\n{publishOutput}");
            Assert.True(File.Exists(Path.Combine(app, "OptService.MpSolverHost.dll")), "the child-process solver host is not in the published app");

            // ENTRYPOINT + ENV + USER, on 127.0.0.1 instead of every interface.
            var port = FreePort();
            Assert.Equal($"http://+:{dockerfile.ExposedPort}", dockerfile.RuntimeEnvironment["ASPNETCORE_URLS"]);
            var data = Path.Combine(root, "data");
            Directory.CreateDirectory(data);
            var environment = new Dictionary<string, string>(dockerfile.RuntimeEnvironment)
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
                ["Jobs__DataDirectory"] = data,
                ["HOME"] = data,
            };
            var asUser = Environment.UserName == "root" && dockerfile.RuntimeUser is not null;
            if (asUser) await RunAsync("chown", ["-R", "nobody", root], root, TimeSpan.FromMinutes(1));
            await using var service = await StartAsync(asUser ? ["runuser", "-u", "nobody", "--", .. dockerfile.Entrypoint] : dockerfile.Entrypoint, app, environment, port);

            var problem = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot, "samples", "american-steel.json")))!;
            problem["options"] = new JsonObject { ["solver"] = "cbc" };
            using var submitted = await service.Client.PostAsJsonAsync("/api/v1/jobs/transshipment", problem);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var id = (await submitted.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
            var job = (await service.Client.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}?waitSeconds=60"))!;
            Assert.True(job["status"]!.GetValue<string>() == "succeeded", job.ToJsonString() + "\n" + service.Output);
            Assert.Equal(15005, job["objective"]!.GetValue<double>(), 6);
            var logs = await service.Client.GetStringAsync($"/api/v1/jobs/{id}/logs");
            Assert.Contains("cbc", logs, StringComparison.OrdinalIgnoreCase);
            // The job console travels inside the published dll (embedded files): nothing to copy beside it.
            using var console = await service.Client.GetAsync("/console/app.js");
            Assert.Equal(HttpStatusCode.OK, console.StatusCode);
            Assert.Equal("text/javascript", console.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static void CopyClean(string source, string target)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "data" or "TestResults")) continue;
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // A build started from inside `dotnet test` would inherit the test run's MSBuild settings; a docker build has none.
        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(key);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish within {timeout}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<PublishedApp> StartAsync(IReadOnlyList<string> command, string workingDirectory, Dictionary<string, string> environment, int port)
    {
        var info = new ProcessStartInfo(command[0]) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;
        var app = new PublishedApp(Process.Start(info)!, port);
        await app.WaitReadyAsync();
        return app;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PublishedApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly List<string> _output = [];

        public PublishedApp(Process process, int port)
        {
            _process = process;
            Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(100) };
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.Add(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public HttpClient Client { get; }

        public string Output
        {
            get { lock (_output) return string.Join('\n', _output); }
        }

        public async Task WaitReadyAsync()
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                {
                    await _process.WaitForExitAsync();
                    throw new InvalidOperationException($"the published app exited with {_process.ExitCode}:\n{Output}");
                }
                try
                {
                    using var response = await Client.GetAsync("/health/ready");
                    if (response.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                await Task.Delay(100);
            }
            throw new TimeoutException($"the published app did not become ready:\n{Output}");
        }

        public async ValueTask DisposeAsync()
        {
            // Only the process this test started (runuser and the app under it).
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            Client.Dispose();
            _process.Dispose();
        }
    }
}
