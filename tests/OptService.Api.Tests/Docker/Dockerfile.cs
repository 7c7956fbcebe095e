using System.Text.Json;
using System.Text.RegularExpressions;

namespace OptService.Api.Tests.Docker;

/// <summary>
/// The parts of <c>docker/Dockerfile</c> the image is made of, read from the file itself, so that the tests
/// run exactly what a <c>docker build</c> would, on a machine without a Docker engine.
/// </summary>
internal sealed partial record Dockerfile(
    string BuildWorkDir,
    IReadOnlyList<(IReadOnlyList<string> Sources, string Destination)> BuildCopies,
    string PublishCommand,
    string PublishOutput,
    IReadOnlyDictionary<string, string> RuntimeEnvironment,
    string? RuntimeUser,
    IReadOnlyList<string> Entrypoint,
    int ExposedPort)
{
    public static Dockerfile Read(string path)
    {
        var stages = Instructions(File.ReadAllLines(path))
            .Aggregate(new List<List<(string Op, string Args)>>(), (acc, instruction) =>
            {
                if (instruction.Op == "FROM") acc.Add([]);
                acc[^1].Add(instruction);
                return acc;
            });
        if (stages.Count < 2) throw new InvalidDataException("expected a build stage and a runtime stage");
        var build = stages[0];
        var runtime = stages[^1];
        var publish = build.Single(i => i.Op == "RUN" && i.Args.Contains("dotnet publish", StringComparison.Ordinal)).Args;
        var environment = new Dictionary<string, string>();
        foreach (var env in runtime.Where(i => i.Op == "ENV"))
            foreach (Match pair in EnvPair().Matches(env.Args)) environment[pair.Groups[1].Value] = pair.Groups[2].Value;
        return new Dockerfile(
            build.Single(i => i.Op == "WORKDIR").Args,
            [.. build.Where(i => i.Op == "COPY" && !i.Args.StartsWith("--", StringComparison.Ordinal))
                .Select(i => i.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Select(words => ((IReadOnlyList<string>)words[..^1], words[^1]))],
            publish,
            OutputFolder().Match(publish) is { Success: true } output ? output.Groups[1].Value : throw new InvalidDataException("publish has no -o"),
            environment,
            runtime.LastOrDefault(i => i.Op == "USER").Args,
            JsonSerializer.Deserialize<string[]>(runtime.Single(i => i.Op == "ENTRYPOINT").Args)!,
            int.Parse(runtime.Single(i => i.Op == "EXPOSE").Args, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Instructions with their continuation lines joined and comments dropped.</summary>
    private static IEnumerable<(string Op, string Args)> Instructions(IEnumerable<string> lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0) continue;
            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }
            current += line;
            var space = current.IndexOf(' ', StringComparison.Ordinal);
            yield return (current[..space].ToUpperInvariant(), current[(space + 1)..].Trim());
            current = "";
        }
    }

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();

    [GeneratedRegex(@"-o\s+(\S+)")]
    private static partial Regex OutputFolder();
}
