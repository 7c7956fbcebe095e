using System.Reflection;
using OptService.Kinds;
using OptService.Problems;

namespace OptService.Problems.Tests.KindContract;

/// <summary>
/// A kind sees the kind contract and its solvers, never the job machinery: neither the contract assembly nor
/// the kinds' assembly may reference ASP.NET Core, Hangfire, Npgsql, SQLite or OptService.Jobs.
/// </summary>
public sealed class KindContractReferenceTests
{
    private static readonly string[] Forbidden = ["Microsoft.AspNetCore", "Hangfire", "Npgsql", "Microsoft.Data.Sqlite", "SQLitePCL", "OptService.Jobs"];

    [Theory]
    [InlineData(typeof(IProblemKind))]
    [InlineData(typeof(ProblemKindRegistration))]
    public void Assembly_references_no_job_machinery(Type marker)
    {
        var references = marker.Assembly.GetReferencedAssemblies().Select(name => name.Name ?? "").ToList();

        Assert.NotEmpty(references);
        var reached = references.Where(name => Forbidden.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.True(reached.Count == 0, $"{marker.Assembly.GetName().Name} references {string.Join(", ", reached)}");
    }

    [Fact]
    public void Contract_assembly_references_only_the_base_class_library()
    {
        var references = typeof(IProblemKind).Assembly.GetReferencedAssemblies().Select(name => name.Name ?? "");

        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard", name));
    }
}
