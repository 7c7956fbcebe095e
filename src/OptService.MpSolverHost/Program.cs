using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;
using OptService.MpSolverHost;

// Runs one OR-Tools MPSolver solve in its own process so that the backend's native log (EnableOutput
// writes to the process's stdout) belongs to exactly one job, and so that a backend that ignores
// InterruptSolve (CBC, HiGHS) can still be stopped by killing this process.
//
// Usage: OptService.MpSolverHost <model.bin> <response.bin> <solver id> <timeLimitSeconds, 0 = none> [options.bin]
// The time limit counts from this process's start: reading and building the model spend it too.
// stdin: a line "cancel" (or end of input) calls InterruptSolve (SCIP, GLOP, PDLP keep their incumbent).
// Exit codes: 0 response written; 2 bad arguments or unreadable model; 3 solver not available;
// 4 cancelled before the solve started; 5 the backend refused an option (message on stderr).
var clock = Stopwatch.StartNew();
if (args.Length is not (4 or 5) || !double.TryParse(args[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var timeLimit))
{
    Console.Error.WriteLine("usage: OptService.MpSolverHost <model.bin> <response.bin> <solver id> <timeLimitSeconds> [options.bin]");
    return 2;
}

MpModelFile request;
try
{
    using var input = File.OpenRead(args[0]);
    request = MpModelFile.ReadFrom(new BufferedStream(input, 1 << 16));
}
catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"could not read the model {args[0]}: {exception.Message}");
    return 2;
}

var options = new MpSolveOptions();
if (args.Length == 5)
{
    try
    {
        using var input = File.OpenRead(args[4]);
        options = MpSolveOptions.ReadFrom(input);
    }
    catch (Exception exception) when (exception is IOException or InvalidDataException or UnauthorizedAccessException or EndOfStreamException)
    {
        Console.Error.WriteLine($"could not read the options {args[4]}: {exception.Message}");
        return 2;
    }
}

using var solver = Solver.CreateSolver(args[2]);
if (solver is null)
{
    Console.Error.WriteLine($"solver '{args[2]}' is not available in this OR-Tools build");
    return 3;
}

// The parent asks for an interrupt by writing "cancel"; end of input (the parent is gone) also
// interrupts. Before the solve has started there is nothing to keep: exit at once (code 4).
var solving = 0;
var listener = new Thread(() =>
{
    string? line;
    while ((line = Console.In.ReadLine()) is not null && line.Trim() != "cancel") { }
    if (Volatile.Read(ref solving) == 0) Environment.Exit(4);
    solver.InterruptSolve();
}) { IsBackground = true };
listener.Start();

var variables = new Variable[request.ColumnCount];
for (var j = 0; j < variables.Length; j++)
    variables[j] = solver.MakeVar(request.ColumnLower[j], request.ColumnUpper[j], request.IsInteger[j], "x" + j.ToString(CultureInfo.InvariantCulture));
var constraints = new Constraint[request.RowCount];
for (var i = 0; i < constraints.Length; i++)
    constraints[i] = solver.MakeConstraint(request.RowLower[i], request.RowUpper[i], "r" + i.ToString(CultureInfo.InvariantCulture));
var objective = solver.Objective();
for (var j = 0; j < variables.Length; j++)
{
    if (request.Objective[j] != 0) objective.SetCoefficient(variables[j], request.Objective[j]);
    for (var k = request.ColumnStart[j]; k < request.ColumnStart[j + 1]; k++)
        constraints[request.RowIndex[k]].SetCoefficient(variables[j], request.Value[k]);
}
if (options.Maximize) objective.SetMaximization(); else objective.SetMinimization();
if (options.ObjectiveOffset != 0) objective.SetOffset(options.ObjectiveOffset);

solver.EnableOutput();
// What building the model left of the limit (at least 1 ms: 0 would mean none; the backend then stops at once).
if (timeLimit > 0) solver.SetTimeLimit(Math.Max(1, (long)Math.Ceiling((timeLimit - clock.Elapsed.TotalSeconds) * 1000)));
if (options.Threads is { } threads && !solver.SetNumThreads(threads))
{
    Console.Error.WriteLine($"{args[2]} does not accept threads = {threads}");
    return 5;
}
if (options.SolverParameters is { } text && !solver.SetSolverSpecificParametersAsString(text))
{
    Console.Error.WriteLine($"{args[2]} rejected the solver parameters (see the lines above for its reason, if it gave one)");
    return 5;
}
var parameters = new MPSolverParameters();
if (options.RelativeGap is { } gap) parameters.SetDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, gap);
if (options.PrimalTolerance is { } primal) parameters.SetDoubleParam(MPSolverParameters.DoubleParam.PRIMAL_TOLERANCE, primal);
if (options.DualTolerance is { } dualTolerance) parameters.SetDoubleParam(MPSolverParameters.DoubleParam.DUAL_TOLERANCE, dualTolerance);
if (options.Presolve is { } presolve)
    parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE,
        (int)(presolve ? MPSolverParameters.PresolveValues.PRESOLVE_ON : MPSolverParameters.PresolveValues.PRESOLVE_OFF));
if (options.Hint is { } hint)
{
    // MPSolver hands the hint to backends that take one (SCIP: a partial solution it completes and tries first); the others drop it.
    var hinted = new List<Variable>();
    var hintValues = new List<double>();
    for (var j = 0; j < Math.Min(hint.Length, variables.Length); j++)
        if (!double.IsNaN(hint[j]))
        {
            hinted.Add(variables[j]);
            hintValues.Add(hint[j]);
        }
    solver.SetHint([.. hinted], [.. hintValues]);
    Console.Out.WriteLine($"hint: {hinted.Count} of {variables.Length} variables");
}

// Tells the parent that model building is over (its log filter drops this line; the watchdog runs from the host's start).
Console.Out.WriteLine(MpSolveResponse.SolveStartedLine);
Console.Out.Flush();
Volatile.Write(ref solving, 1);
var status = solver.Solve(parameters);
Console.Out.Flush();

// HiGHS can return a status number outside the enum: keep it raw and let the parent decide.
var raw = (int)status;
var hasSolution = status is Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE;
double[]? values = null;
if (hasSolution)
{
    values = new double[variables.Length];
    for (var j = 0; j < values.Length; j++) values[j] = variables[j].SolutionValue();
}
double[]? duals = null, reducedCosts = null;
if (hasSolution && options.WantDuals && !solver.IsMip())
{
    duals = new double[constraints.Length];
    for (var i = 0; i < duals.Length; i++) duals[i] = constraints[i].DualValue();
    reducedCosts = new double[variables.Length];
    for (var j = 0; j < reducedCosts.Length; j++) reducedCosts[j] = variables[j].ReducedCost();
}
var response = new MpSolveResponse
{
    RawStatus = raw,
    Objective = hasSolution ? objective.Value() : double.NaN,
    BestBound = solver.IsMip() && hasSolution ? objective.BestBound() : double.NaN,
    WallSeconds = solver.WallTime() / 1000.0,
    Values = values,
    Duals = duals,
    ReducedCosts = reducedCosts,
};
using (var output = File.Create(args[1]))
    response.WriteTo(output);
Console.Out.Flush();
// Exit without freeing the native model: after an interrupt the parent allows only 0.8 s, and the
// operating system reclaims the memory faster than the solver's destructors do.
Environment.Exit(0);
return 0;
