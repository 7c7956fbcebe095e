using System.Reflection;
using Microsoft.Extensions.Configuration;
using OptService.Kinds;
using OptService.Problems;

namespace OptService.Problems.Tests.KindContract;

/// <summary>
/// Five kinds, one shape (README, "Adding a kind"): beside <c>&lt;Kind&gt;Kind</c> each folder has its Problem, Result,
/// Validation, Limits and Solve types, the Kind's service constructor takes the configuration, and the limits it
/// binds are the <c>&lt;Kind&gt;Limits</c> record.
/// </summary>
public sealed class KindTemplateTests
{
    private static readonly Assembly Kinds = typeof(ProblemKindRegistration).Assembly;

    private static List<Type> KindClasses() =>
        [.. Kinds.GetTypes().Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IProblemKind).IsAssignableFrom(type))];

    public static TheoryData<string> KindTypes()
    {
        var data = new TheoryData<string>();
        foreach (var type in KindClasses()) data.Add(type.FullName!);
        return data;
    }

    [Fact]
    public void TheAssembly_HasTheFiveKinds()
    {
        Assert.Equal(
            ["CpSatKind", "LinearProgramKind", "LunarLandingKind", "NurseSchedulingKind", "TransshipmentKind"],
            KindClasses().Select(type => type.Name).Order());
    }

    [Theory]
    [MemberData(nameof(KindTypes))]
    public void EveryKind_HasItsProblemResultValidationLimitsAndSolve(string kindTypeName)
    {
        var kindType = Kinds.GetType(kindTypeName)!;
        var prefix = kindTypeName[..^"Kind".Length];
        foreach (var part in new[] { "Problem", "Result", "Validation", "Limits", "Solve" })
            Assert.True(Kinds.GetType(prefix + part) is not null, $"{kindType.Name} has no {prefix.Split('.')[^1]}{part}");

        var kind = (IProblemKind)Activator.CreateInstance(kindType, new ConfigurationBuilder().Build())!;
        Assert.Equal(Kinds.GetType(prefix + "Problem"), kind.ProblemType);
        Assert.Equal(Kinds.GetType(prefix + "Result"), kind.ResultType);
        var limitsConstructor = kindType.GetConstructor([Kinds.GetType(prefix + "Limits")!]);
        Assert.True(limitsConstructor is not null, $"{kindType.Name} has no constructor taking its limits");
    }
}
