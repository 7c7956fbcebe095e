using System.Globalization;
using OptService.Kinds;
using OptService.Nlp;
using OptService.Nlp.Collocation;

namespace OptService.Problems.LunarLanding;

/// <summary>
/// The transcribed problem (in the reference units of <see cref="LandingUnits"/>) and how to read a trajectory back
/// out of its variables.
/// </summary>
internal sealed record LandingModel(CollocationNlp Nlp, IOptimalControlProblem Dynamics, LandingUnits Units, LunarLandingProblem Problem);

/// <summary>
/// What the solver runs of one job cost: iterations and time summed over the starts tried (the first, and
/// the default start if a retry ran).
/// </summary>
/// <remarks><see cref="Starts"/> holds each start's name as the log says it: <c>interpolated</c>, <c>initial-state</c>, or the warm start's.</remarks>
internal sealed record SolveEffort(int Iterations, TimeSpan Time, IReadOnlyList<string> Starts)
{
    public SolveEffort(int iterations, TimeSpan time, string start) : this(iterations, time, [start])
    {
    }

    public SolveEffort Then(int iterations, TimeSpan time, string start) =>
        new(Iterations + iterations, Time + time, [.. Starts, start]);

    /// <summary>Appended to an optimal verdict when it took a second start.</summary>
    public string RetryNote => Starts.Count > 1 ? $" (from the {Starts[^1]} start, after the {Starts[0]} start found none)" : "";

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"in {Iterations} iterations and {Time.TotalSeconds:F2} s from the {string.Join(", then the ", Starts)} start{(Starts.Count > 1 ? "s" : "")}");
}

/// <summary>Build the NLP, turn solver options and verdicts into ours, extract the trajectory.</summary>
internal static class LunarLandingModel
{
    /// <remarks>With a <c>start</c> (an earlier job's trajectory) the NLP starts from it instead of <c>options.initialGuess</c>.</remarks>
    public static LandingModel Build(LunarLandingProblem problem, EarlierTrajectory? start = null)
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
        // The NLP takes its guesses from the warm start; the trajectory is read back through the formulation itself.
        var transcribed = start is null ? dynamics : new WarmStartedDynamics(dynamics, start, problem, units);
        return new LandingModel(new CollocationNlp(transcribed, method, problem.Discretization.Intervals), dynamics, units, problem);
    }

    public static NlpOptions SolverOptions(LunarLandingProblem problem) => new()
    {
        Tolerance = problem.Options.Tolerance,
        MaxIterations = problem.Options.MaxIterations,
        TimeLimit = problem.Options.TimeLimitSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
    };

    /// <summary>
    /// Maps the solver status and the analytic check to a job verdict, with a message a user can act on.
    /// <c>infeasible</c> only with the check's proof: the solver's "locally infeasible" (a stationary point of the
    /// violation, or restoration that stopped progressing) is not one, and becomes <c>abnormal</c> otherwise.
    /// A proof also settles a run that stopped without a feasible point (iteration or time limit, numerical failure).
    /// </summary>
    public static (SolveOutcome Outcome, string Message) Verdict(NlpResult result, LandingFeasibility feasibility, SolveEffort effort)
    {
        // The violation is in the reference units of the scaled model, whatever the input magnitudes.
        var feasible = result.ConstraintViolation <= 1e-6;
        var proven = feasibility.Verdict == LandingVerdict.ProvenInfeasible;
        if (proven && !feasible && result.Status is not (NlpStatus.Optimal or NlpStatus.Stopped))
        {
            return (SolveOutcome.Infeasible, "no soft landing exists: " + feasibility.Reason + "; the solver: " + result.Message);
        }
        var knowledge = feasibility.Verdict == LandingVerdict.ProvenFeasible
            ? "but the landing is feasible (" + feasibility.Reason + ")"
            : "and the landing is not proven infeasible (" + feasibility.Reason + ")";
        var notFound = $"{result.Message}; no landing found {effort}, {knowledge}";
        return result.Status switch
        {
            NlpStatus.Optimal => (SolveOutcome.Optimal, "optimal solution found" + effort.RetryNote),
            NlpStatus.LocallyInfeasible => (SolveOutcome.Abnormal,
                $"the solver stopped at a point of locally minimal constraint violation, which is not a proof: {notFound}; try another options.initialGuess, method or number of intervals"),
            NlpStatus.Unbounded => (SolveOutcome.Unbounded, result.Message),
            NlpStatus.IterationLimit => feasible
                ? (SolveOutcome.Feasible, result.Message + "; the returned trajectory is feasible but not proven optimal")
                : (SolveOutcome.IterationLimit, notFound),
            NlpStatus.TimeLimit => feasible
                ? (SolveOutcome.Feasible, result.Message + "; the returned trajectory is feasible but not proven optimal")
                : (SolveOutcome.TimeLimit, notFound),
            NlpStatus.Stopped => feasible
                ? (SolveOutcome.Feasible, "cancelled; the returned trajectory is feasible but not proven optimal")
                : (SolveOutcome.NotSolved, "cancelled before a feasible trajectory was found"),
            _ => (SolveOutcome.Abnormal, notFound),
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
            Outcome = outcome,
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
