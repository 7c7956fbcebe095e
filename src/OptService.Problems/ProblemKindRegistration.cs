using Microsoft.Extensions.DependencyInjection;
using OptService.Kinds;

namespace OptService.Problems;

/// <summary>
/// Registers every problem kind in this assembly, so that adding a kind is adding a folder:
/// a non-abstract <see cref="IProblemKind"/> anywhere here is picked up.
/// </summary>
public static class ProblemKindRegistration
{
    public static IServiceCollection AddProblemKinds(this IServiceCollection services)
    {
        var kinds = typeof(ProblemKindRegistration).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IProblemKind).IsAssignableFrom(type));
        foreach (var kind in kinds)
            services.AddSingleton(typeof(IProblemKind), kind);
        return services;
    }
}
