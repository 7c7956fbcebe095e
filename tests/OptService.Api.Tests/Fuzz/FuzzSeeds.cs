using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OptService.Kinds;
using OptService.Problems;
using OptService.Problems.Tests;

namespace OptService.Api.Tests.Fuzz;

/// <summary>
/// The valid bodies the mutations start from, per submit route: the route's OpenAPI example, and the shared fixtures
/// that the kind accepts (<c>seed/*.json</c> for JSON routes, <c>{format}/*.txt</c> for a format route). A JSON route
/// also gets each format fixture converted to JSON by the kind's own converter, so that the nurse-scheduling long
/// form is fuzzed as JSON too.
/// </summary>
internal static class FuzzSeeds
{
    public static IReadOnlyList<(string Name, byte[] Body)> For(SubmitEndpoint endpoint)
    {
        var seeds = new List<(string Name, byte[] Body)>();
        var kind = Kinds.Value.Single(k => k.Name == endpoint.Kind);
        if (endpoint.Format is { } format)
        {
            foreach (var file in Files(format, "*.txt")) seeds.Add((Path.GetFileName(file), File.ReadAllBytes(file)));
            // A binary format's example is not in the OpenAPI document; the kind has it.
            if (endpoint.IsProtobuf && kind.InputFormats.FirstOrDefault(f => f.Name == format) is { } binary)
                seeds.Add(("example", Encoding.UTF8.GetBytes(binary.ExampleBody)));
        }
        else
        {
            foreach (var file in Files("seed", "*.json"))
            {
                var bytes = File.ReadAllBytes(file);
                if (kind.Parse(bytes).IsValid) seeds.Add((Path.GetFileName(file), bytes));
            }
            foreach (var inputFormat in kind.InputFormats.OfType<ITextProblemInputFormat>())
            {
                foreach (var file in Files(inputFormat.Name, "*.txt"))
                {
                    var converted = inputFormat.Convert(File.ReadAllText(file), new Dictionary<string, string>());
                    if (converted.Problem is { } problem && kind.Accept(problem) is { IsValid: true } accepted)
                        seeds.Add(($"{Path.GetFileName(file)} as JSON", accepted.Utf8Json!));
                }
            }
        }
        if (endpoint.Example is { } example) seeds.Add(("OpenAPI example", Encoding.UTF8.GetBytes(example)));
        return seeds;
    }

    private static readonly Lazy<IReadOnlyList<IProblemKind>> Kinds = new(() =>
        new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddProblemKinds()
            .BuildServiceProvider()
            .GetServices<IProblemKind>()
            .ToList());

    private static IEnumerable<string> Files(string folder, string pattern)
    {
        var path = SharedFixtures.Path(folder);
        return Directory.Exists(path) ? Directory.GetFiles(path, pattern).Order(StringComparer.Ordinal) : [];
    }
}
