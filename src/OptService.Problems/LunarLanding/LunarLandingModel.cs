using OptService.Jobs.Kinds;
using OptService.Nlp;
using OptService.Nlp.Collocation;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// The transcribed problem (in the reference units of <see cref="LandingUnits"/>) and how to read a trajectory back
/// out of its variables.
/// </summary>
internal sealed record LandingModel(CollocationNlp Nlp, IOptimalControlProblem Dynamics, LandingUnits Units, LunarLandingProblem Problem);

/// <summary>Build the NLP, turn solver options and verdicts into ours, extract the trajectory.</summary>
internal static class LunarLandingModel
{
    public static LandingModel Build(LunarLandingProblem problem)
    {
        var units = LandingUnits.For(problem);
        IOptimalControlProblem dynamics = problem.Formulation == LandingFormulation.Physical
            ? new PhysicalLander(problem, units)
            : new NormalizedTimeLander(problem, units);
        var method = problem.Discretization.Method switch
        {
            DiscretizationMethod.Trapezoidal => CollocationMethod.Trapezoidal,
            DiscretizationMethod.HermiteSimpson => CollocationMethod.HermiteSimpson,
            _ => CollocationMethod.ForwardEuler,
        };
        return new LandingModel(new CollocationNlp(dynamics, method, problem.Discretization.Intervals), dynamics, units, problem);
    }

    public static NlpOptions SolverOptions(LunarLandingProblem problem) => new()
    {
        Tolerance = problem.Options.Tolerance,
        MaxIterations = problem.Options.MaxIterations,
        TimeLimit = problem.Options.TimeLimitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };

    /// <summary>Maps the solver status to a job verdict, with a message a user can act on.</summary>
    public static (SolveOutcome Outcome, string Message) Verdict(NlpResult result)
    {
        // The violation is in the reference units of the scaled model, whatever the input magnitudes.
        var feasible = result.ConstraintViolation <= 1e-6;
        return result.Status switch
        {
            NlpStatus.Optimal => (SolveOutcome.Optimal, "optimal solution found"),
            NlpStatus.LocallyInfeasible => (SolveOutcome.Infeasible,
                "no soft landing is reachable with this thrust, propellant and starting state: " + result.Message),
            NlpStatus.Unbounded => (SolveOutcome.Unbounded, result.Message),
            NlpStatus.IterationLimit => feasible
                ? (SolveOutcome.Feasible, result.Message + "; the returned trajectory is feasible but not proven optimal")
                : (SolveOutcome.IterationLimit, result.Message),
            NlpStatus.TimeLimit => feasible
                ? (SolveOutcome.Feasible, result.Message + "; the returned trajectory is feasible but not proven optimal")
                : (SolveOutcome.TimeLimit, result.Message),
            NlpStatus.Stopped => feasible
                ? (SolveOutcome.Feasible, "cancelled; the returned trajectory is feasible but not proven optimal")
                : (SolveOutcome.NotSolved, "cancelled before a feasible trajectory was found"),
            _ => (SolveOutcome.Abnormal, result.Message),
        };
    }

    public static LunarLandingResult Extract(LandingModel model, NlpResult result, SolveOutcome outcome, string message)
    {
        var nlp = model.Nlp;
        var units = model.Units;
        var x = result.X;
        var finalTime = x[nlp.ParameterIndex(0)];
        var ve = model.Problem.Vehicle.ExhaustVelocity;
        var trajectory = new TrajectoryPoint[nlp.NodeCount];
        Span<double> state = stackalloc double[3];
        for (var j = 0; j < nlp.NodeCount; j++)
        {
            var time = nlp.NodeTime(j) * finalTime * units.Time;
            if (model.Dynamics is PhysicalLander physical)
            {
                for (var k = 0; k < 3; k++) state[k] = x[nlp.StateIndex(j, k)];
                var (altitude, velocity, u, mass) = physical.ToPhysical(state, x[nlp.ControlIndex(j, 0)]);
                trajectory[j] = new TrajectoryPoint(time, altitude, velocity, u, ve * u, mass);
            }
            else
            {
                var (altitude, velocity, u) = ((NormalizedTimeLander)model.Dynamics).ToPhysical(
                    x[nlp.StateIndex(j, 0)], x[nlp.StateIndex(j, 1)], x[nlp.ControlIndex(j, 1)], finalTime);
                trajectory[j] = new TrajectoryPoint(time, altitude, velocity, u, ve * u, units.Mass);
            }
        }
        return new LunarLandingResult
        {
            Status = outcome,
            Message = message,
            Fuel = result.Objective / (model.Dynamics is NormalizedTimeLander ? NormalizedTimeLander.CostWeight : 1) * units.Fuel,
            FinalTime = finalTime * units.Time,
            Iterations = result.Iterations,
            ConstraintViolation = result.ConstraintViolation,
            DualInfeasibility = result.DualInfeasibility,
            Variables = result.FreeVariableCount,
            EqualityConstraints = result.EqualityConstraintCount,
            InequalityConstraints = result.InequalityConstraintCount,
            SolveSeconds = result.TotalTime.TotalSeconds,
            EvaluationSeconds = result.EvaluationTime.TotalSeconds,
            LinearAlgebraSeconds = result.LinearAlgebraTime.TotalSeconds,
            Trajectory = trajectory,
        };
    }
}
