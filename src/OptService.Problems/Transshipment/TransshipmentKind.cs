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

    /// <summary>
    /// A valid network in the plain form in one pass straight into arrays (<see cref="TransshipmentJsonReader"/>);
    /// anything else, and every error, the general way (System.Text.Json, then <see cref="TransshipmentValidation"/>).
    /// </summary>
    protected override TransshipmentProblem? ReadJson(ReadOnlySpan<byte> utf8Json) =>
        TransshipmentJsonReader.TryRead(utf8Json, out var problem) ? problem : base.ReadJson(utf8Json);

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
