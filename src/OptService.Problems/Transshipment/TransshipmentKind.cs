using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The transshipment problem kind: move goods from supply to demand nodes over arcs with costs and
/// flow bounds at least cost. Limits come from configuration section <c>Kinds:transshipment</c>.
/// </summary>
public sealed class TransshipmentKind(TransshipmentLimits limits) : ProblemKind<TransshipmentProblem, TransshipmentResult>
{
    public const string KindName = "transshipment";

    /// <summary>The service's constructor: limits bound from <c>Kinds:transshipment</c>.</summary>
    public TransshipmentKind(IConfiguration configuration) : this(KindLimits.Bind<TransshipmentLimits>(configuration, KindName))
    {
    }

    public override string Name => KindName;

    public override string Summary =>
        "Minimum-cost transshipment: ship supply through intermediate nodes to meet demand within arc bounds.";

    protected override TransshipmentProblem CreateExample() => TransshipmentExample.AmericanSteel;

    protected override IEnumerable<FieldError> Validate(TransshipmentProblem problem) =>
        TransshipmentValidation.Validate(problem, limits);

    protected override ProblemSummary Describe(TransshipmentProblem problem) => TransshipmentDescription.Of(problem);

    protected override Task<SolveReport<TransshipmentResult>> Solve(TransshipmentProblem problem, ISolveContext context) =>
        TransshipmentSolve.RunAsync(problem, context);

    protected override long? EstimateMemoryBytes(TransshipmentProblem problem) => TransshipmentMemory.Estimate(problem);

    public override IReadOnlyList<OnDemandFile> OnDemandFiles => TransshipmentFiles.Files;

    protected override byte[]? WriteOnDemandFile(TransshipmentProblem problem, TransshipmentResult? result, string name) =>
        TransshipmentFiles.Write(problem, result, name);
}
