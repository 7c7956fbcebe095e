using System.Diagnostics;
using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Passes each line of the backend's log to the job log and spots the lines that announce an improving
/// solution. MPSolver offers no solution callback in C#, so the log is where a MIP's progress is visible:
/// SCIP marks a new incumbent with a heuristic letter in the first column of its table, CBC prints
/// <c>Integer solution of …</c> (and three other phrasings), HiGHS marks the row of its table with a source letter.
/// Each improving objective becomes the job's incumbent (objective, bound, time; the values themselves
/// come only with the final answer).
/// </summary>
internal sealed class IncumbentWatcher(LinearProgramSolver solver, bool maximize, ISolveContext context)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double? _best;
    private double? _bound;

    public int Count { get; private set; }

    public void OnLine(string line)
    {
        context.Info(line);
        var found = solver switch
        {
            LinearProgramSolver.Scip => ScipLine(line),
            LinearProgramSolver.Cbc => CbcLine(line),
            LinearProgramSolver.Highs => HighsLine(line),
            _ => null,
        };
        if (found is not { } incumbent) return;
        if (incumbent.Bound is { } bound) _bound = bound;
        if (_best is { } best && !(maximize ? incumbent.Objective > best : incumbent.Objective < best)) return;
        _best = incumbent.Objective;
        Count++;
        var seconds = incumbent.Seconds ?? _clock.Elapsed.TotalSeconds;
        context.Info(string.Create(CultureInfo.InvariantCulture,
            $"incumbent: objective {incumbent.Objective:R}{(_bound is { } b ? $", bound {b:R}" : "")} at {seconds:0.###} s"));
        context.ReportIncumbent(new LinearProgramIncumbent(incumbent.Objective, _bound, seconds, solver.ToString().ToLowerInvariant()), incumbent.Objective);
    }

    internal readonly record struct Found(double Objective, double? Bound, double? Seconds);

    /// <summary>
    /// <c>H 0.1s|  1 |  0 | … | 1.234e+03 | 3.089000e+03 | 12.3% | unknown</c>: a letter before the time is the
    /// heuristic that found a new solution; the columns before the last two are the dual and primal bound.
    /// </summary>
    internal static Found? ScipLine(string line)
    {
        if (line.Length < 3 || line[0] == ' ' || !char.IsLetter(line[0]) && line[0] != '*') return null;
        var columns = line.Split('|');
        if (columns.Length < 6) return null;
        var time = columns[0][1..].Trim().TrimEnd('s');
        if (!TryNumber(columns[^3], out var primal) || !double.TryParse(time, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)) return null;
        return new Found(primal, TryNumber(columns[^4], out var dual) ? dual : null, seconds);
    }

    /// <summary>
    /// CBC as OR-Tools runs it prints no message numbers: <c>Integer solution of 3089 found by rounding … (0.02 seconds)</c>,
    /// <c>Solution found of 3915</c>, <c>Rounding solution of 3095 is better than previous of 3915</c>,
    /// <c>… improved solution from 3915 to 3089</c>; the bound comes from <c>After 0 nodes, 1 on tree, … best possible 2829.2 (…)</c>.
    /// </summary>
    internal static Found? CbcLine(string line)
    {
        double? seconds = null;
        var open = line.LastIndexOf('(');
        if (open >= 0 && line.IndexOf(" seconds)", open, StringComparison.Ordinal) is var close and > 0
            && double.TryParse(line[(open + 1)..close], NumberStyles.Float, CultureInfo.InvariantCulture, out var s)) seconds = s;
        string? text = null;
        if (NumberAfter(line, "Integer solution of ") is { } a) text = a;
        else if (NumberAfter(line, "Solution found of ") is { } b) text = b;
        else if (line.Contains(" is better than previous", StringComparison.Ordinal) && NumberAfter(line, " solution of ") is { } c) text = c;
        else if (NumberAfter(line, "improved solution from ") is { } from && NumberAfter(line, from + " to ") is { } to) text = to;
        return text is not null && TryNumber(text, out var objective) ? new Found(objective, null, seconds) : null;
    }

    /// <summary>The token right after <paramref name="prefix"/> in the line, or null.</summary>
    private static string? NumberAfter(string line, string prefix)
    {
        var at = line.IndexOf(prefix, StringComparison.Ordinal);
        if (at < 0) return null;
        var rest = line[(at + prefix.Length)..];
        var end = rest.IndexOf(' ', StringComparison.Ordinal);
        return end < 0 ? rest : rest[..end];
    }

    /// <summary>
    /// HiGHS's branch-and-bound table: <c> T  0  0  0  0.00%  2520.5  3089  18.4%  …  0.1s</c>: a source letter
    /// first means a new solution; then nodes, queue, leaves, explored %, best bound, best solution.
    /// </summary>
    internal static Found? HighsLine(string line)
    {
        var tokens = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 10 || tokens[0].Length != 1 || !char.IsLetter(tokens[0][0]) || !tokens[^1].EndsWith('s')) return null;
        if (!tokens[4].EndsWith('%') || !TryNumber(tokens[6], out var objective)) return null;
        double? seconds = double.TryParse(tokens[^1].TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) ? s : null;
        return new Found(objective, TryNumber(tokens[5], out var bound) ? bound : null, seconds);
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}

/// <summary>What <c>GET /jobs/{id}/incumbent</c> shows while a MIP runs: the best objective the backend has reported so far.</summary>
public sealed record LinearProgramIncumbent(double Objective, double? BestBound, double Seconds, string Solver);
