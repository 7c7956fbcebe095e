using Microsoft.Extensions.Configuration;
using OptService.Kinds;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// Minimum-fuel lunar landing by direct collocation and our own interior-point solver (OptService.Nlp).
/// Limits come from configuration section <c>Kinds:lunar-landing</c>.
/// </summary>
public sealed class LunarLandingKind(LunarLandingLimits limits) : ProblemKind<LunarLandingProblem, LunarLandingResult>
{
    public const string KindName = "lunar-landing";

    /// <summary>The service's constructor: limits bound from <c>Kinds:lunar-landing</c>.</summary>
    public LunarLandingKind(IConfiguration configuration) : this(KindLimits.Bind<LunarLandingLimits>(configuration, KindName))
    {
    }

    public override string Name => KindName;

    public override string Summary => "Minimum-fuel powered lunar descent by direct collocation and an interior-point NLP solver";

    protected override LunarLandingProblem CreateExample() => new()
    {
        Vehicle = new Vehicle { DryMass = 6855, FuelMass = 8248, ExhaustVelocity = 3050, MaxThrust = 45050 },
        InitialAltitude = 100000,
        InitialVelocity = -1520,
        Gravity = 1.62,
        Formulation = LandingFormulation.NormalizedTime,
        MassModel = MassModel.Constant,
        Discretization = new Discretization { Method = DiscretizationMethod.ForwardEuler, Intervals = 50 },
    };

    protected override IEnumerable<FieldError> Validate(LunarLandingProblem problem) => LunarLandingValidation.Validate(problem, limits);

    protected override ProblemSummary Describe(LunarLandingProblem problem) => LunarLandingDescription.Of(problem);

    protected override long? EstimateMemoryBytes(LunarLandingProblem problem) => LunarLandingMemory.Estimate(problem);

    protected override Task<SolveReport<LunarLandingResult>> Solve(LunarLandingProblem problem, ISolveContext context) =>
        Task.FromResult(LunarLandingSolve.Run(problem, context));
}
