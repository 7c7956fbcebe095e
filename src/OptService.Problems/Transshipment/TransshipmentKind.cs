using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// The transshipment problem kind: move goods from supply to demand nodes over arcs with costs and
/// flow bounds at least cost. Limits come from configuration section <c>Kinds:transshipment</c>.
/// </summary>
public sealed class TransshipmentKind(IConfiguration configuration) : ProblemKind<TransshipmentProblem, TransshipmentResult>
{
    private readonly TransshipmentLimits _limits = TransshipmentLimits.From(configuration);

    public override string Name => "transshipment";

    public override string Summary =>
        "Minimum-cost transshipment: ship supply through intermediate nodes to meet demand within arc bounds.";

    protected override TransshipmentProblem CreateExample() => TransshipmentExample.AmericanSteel;

    protected override IEnumerable<FieldError> Validate(TransshipmentProblem problem) =>
        TransshipmentValidation.Validate(problem, _limits);

    protected override ProblemSummary Describe(TransshipmentProblem problem) => TransshipmentDescription.Of(problem);

    protected override Task<SolveReport> Solve(TransshipmentProblem problem, ISolveContext context) =>
        TransshipmentSolve.RunAsync(problem, context);
}
