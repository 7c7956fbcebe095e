using System.Diagnostics;
using System.Globalization;
using OptService.MpSolverHost;

namespace OptService.Problems.LinearProgramming;

/// <summary>
/// Solves a linear or mixed-integer program with an OR-Tools MPSolver backend in a child process
/// (<c>OptService.MpSolverHost</c>). Why a process: the backends log to native stdout, which is shared by
/// every solve in this process, and CBC, HiGHS and CLP ignore <c>InterruptSolve</c>. In a child, its
/// stdout is this job's log, and a backend that does not stop when asked is killed.
/// </summary>
public static class MpSolverProcess
{
    /// <summary>How long a backend gets to honour an interrupt before its process is killed.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromMilliseconds(800);

    /// <summary>Slack after the time limit before the watchdog interrupts a backend that overran it.</summary>
    private static readonly TimeSpan WatchdogSlack = TimeSpan.FromSeconds(1);

    /// <summary>Temp folders are named <c>optservice-mp-{pid}-…</c> after the process that made them.</summary>
    private const string FolderPrefix = "optservice-mp-";

    /// <summary>
    /// Deletes the temp folders (model and response files, megabytes each) of processes that no longer
    /// run: a process killed mid-solve (SIGKILL, out of memory) never reaches its own clean-up. Folders of
    /// live processes, this one included, are left alone. Returns how many were deleted.
    /// </summary>
    public static int RemoveLeftoverFolders(string? tempRoot = null)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(tempRoot ?? Path.GetTempPath(), FolderPrefix + "*"))
        {
            var rest = Path.GetFileName(folder)[FolderPrefix.Length..];
            var dash = rest.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsRunning(pid))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
                removed++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // another user's or a vanishing folder: not ours to insist on
            }
        }
        return removed;
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no such process
        }
    }

    /// <summary>Minimizes with the backend's default settings (see the overload with <see cref="MpSolveOptions"/>).</summary>
    public static Task<MpSolveResult> SolveAsync(
        MpModelFile model, string solverId, double? timeLimitSeconds, Action<string> log, CancellationToken cancellation) =>
        SolveAsync(model, solverId, null, timeLimitSeconds, log, cancellation);

    /// <param name="model">The program to solve (minimization unless the options say maximize).</param>
    /// <param name="solverId">An MPSolver id: <c>GLOP</c>, <c>PDLP</c>, <c>SCIP</c>, <c>CBC</c>, <c>HIGHS</c>, ...</param>
    /// <param name="options">Sense, offset, gaps, threads, presolve, the backend's own parameter text, duals; null = defaults.</param>
    /// <param name="timeLimitSeconds">Counted from this call: writing the model, starting the host and the host's model
    /// building spend it too (the host gets what is left when it starts and subtracts its own building time). Enforced
    /// by the backend and by a watchdog from the host's start; null = none.</param>
    /// <param name="log">Receives every line the backend prints, as it prints it.</param>
    /// <param name="cancellation">Interrupts the backend; kills it if it does not stop within 0.8 s.</param>
    public static async Task<MpSolveResult> SolveAsync(
        MpModelFile model, string solverId, MpSolveOptions? options, double? timeLimitSeconds, Action<string> log, CancellationToken cancellation)
    {
        if (cancellation.IsCancellationRequested)
            return new MpSolveResult(MpSolveStatus.Cancelled, null, null, null, "cancelled before the solver started");
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory(FolderPrefix + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-");
        try
        {
            var modelPath = Path.Combine(folder.FullName, "model.bin");
            var responsePath = Path.Combine(folder.FullName, "response.bin");
            await using (var file = new FileStream(modelPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                model.WriteTo(file);
            string? optionsPath = null;
            if (options is not null)
            {
                optionsPath = Path.Combine(folder.FullName, "options.bin");
                await using var file = new FileStream(optionsPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 12);
                options.WriteTo(file);
            }
            return await RunAsync(modelPath, responsePath, optionsPath, solverId, timeLimitSeconds, clock, log, cancellation);
        }
        finally
        {
            try { folder.Delete(recursive: true); }
            catch (IOException) { /* a killed child may still hold the file for a moment; the OS temp cleaner takes it */ }
        }
    }

    private static async Task<MpSolveResult> RunAsync(
        string modelPath, string responsePath, string? optionsPath, string solverId, double? timeLimitSeconds, Stopwatch clock, Action<string> log, CancellationToken cancellation)
    {
        // What is left of the limit when the host starts (0 would mean "none" to it).
        double? hostLimit = timeLimitSeconds is { } total ? Math.Max(0.001, total - clock.Elapsed.TotalSeconds) : null;
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostAssembly());
        start.ArgumentList.Add(modelPath);
        start.ArgumentList.Add(responsePath);
        start.ArgumentList.Add(solverId);
        start.ArgumentList.Add((hostLimit ?? 0).ToString("R", CultureInfo.InvariantCulture));
        if (optionsPath is not null) start.ArgumentList.Add(optionsPath);

        using var process = new Process { StartInfo = start };
        var errors = new Queue<string>();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not { Length: > 0 } text) return;
            // The host's "solve started" marker is not a log line.
            if (text != MpSolveResponse.SolveStartedLine) log(text);
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not { Length: > 0 } text) return;
            log(text);
            lock (errors)
            {
                errors.Enqueue(text);
                if (errors.Count > 5) errors.Dequeue();
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync(CancellationToken.None);
        // The backend enforces the limit itself (the host counts its model building); the watchdog, timed from
        // the host's start, catches a backend that overruns it, or a model build that outlasts it (the host
        // then exits at once: nothing was solved).
        var watchdog = hostLimit is { } limit
            ? Task.Delay(TimeSpan.FromSeconds(limit) + WatchdogSlack, CancellationToken.None)
            : Task.Delay(Timeout.Infinite, CancellationToken.None);
        var cancelled = Task.Delay(Timeout.Infinite, cancellation);
        var first = await Task.WhenAny(exited, watchdog, cancelled).ConfigureAwait(false);

        var stopped = first == exited ? StopReason.None : first == watchdog ? StopReason.TimeLimit : StopReason.Cancelled;
        var killed = false;
        if (stopped != StopReason.None)
        {
            log(stopped == StopReason.TimeLimit
                ? "time limit passed: asking the solver to stop"
                : "cancelled: asking the solver to stop");
            try
            {
                await process.StandardInput.WriteLineAsync("cancel").ConfigureAwait(false);
                await process.StandardInput.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (IOException) { /* the child already exited */ }
            if (await Task.WhenAny(exited, Task.Delay(InterruptGrace, CancellationToken.None)).ConfigureAwait(false) != exited)
            {
                log($"the solver ignored the interrupt for {InterruptGrace.TotalSeconds:0.0} s: killing its process");
                process.Kill(entireProcessTree: true);
                killed = true;
            }
        }
        await exited.ConfigureAwait(false);
        process.WaitForExit(); // drains the redirected output

        if (killed || !File.Exists(responsePath))
        {
            if (stopped == StopReason.TimeLimit) return new(MpSolveStatus.TimeLimit, null, null, null, "the time limit passed before a solution was found");
            if (stopped == StopReason.Cancelled) return new(MpSolveStatus.Cancelled, null, null, null, "cancelled before a solution was found");
            string detail;
            lock (errors) detail = string.Join(" | ", errors);
            // Exit code 5: the backend refused an option; its stderr says which, in words for the user.
            return new(MpSolveStatus.Failed, null, null, null, process.ExitCode == 5 && detail.Length > 0
                ? detail
                : $"the solver process exited with code {process.ExitCode}{(detail.Length > 0 ? ": " + detail : "")}");
        }

        MpSolveResponse response;
        await using (var file = File.OpenRead(responsePath))
            response = MpSolveResponse.ReadFrom(new BufferedStream(file, 1 << 16));
        return Interpret(response, solverId, timeLimitSeconds, clock.Elapsed.TotalSeconds, stopped);
    }

    /// <summary>
    /// MPSolver ResultStatus numbers: 0 optimal, 1 feasible, 2 infeasible, 3 unbounded, 4 abnormal,
    /// 5 model invalid, 6 not solved. Anything else (HiGHS at its time limit) is a time limit when the
    /// limit was reached and abnormal otherwise.
    /// </summary>
    private static MpSolveResult Interpret(MpSolveResponse response, string solverId, double? timeLimitSeconds, double elapsedSeconds, StopReason stopped)
    {
        var limitReached = stopped == StopReason.TimeLimit
            || (timeLimitSeconds is { } limit && (response.WallSeconds >= 0.95 * limit || elapsedSeconds >= 0.95 * limit));
        double? objective = double.IsNaN(response.Objective) ? null : response.Objective;
        double? bound = double.IsNaN(response.BestBound) ? null : response.BestBound;
        var wall = response.WallSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        if (response.Values is { } values && response.RawStatus is 0 or 1)
        {
            var proven = response.RawStatus == 0 && stopped == StopReason.None;
            return new(proven ? MpSolveStatus.Optimal : MpSolveStatus.Feasible, values, objective, bound,
                $"{solverId} {(proven ? "optimal" : "feasible (not proven optimal)")} after {wall} s", response.Duals, response.ReducedCosts);
        }
        return response.RawStatus switch
        {
            2 => new(MpSolveStatus.Infeasible, null, null, bound, $"{solverId} proved the model infeasible"),
            3 => new(MpSolveStatus.Unbounded, null, null, bound, $"{solverId} proved the model unbounded"),
            _ when stopped == StopReason.Cancelled => new(MpSolveStatus.Cancelled, null, null, bound, "cancelled before a solution was found"),
            _ when limitReached => new(MpSolveStatus.TimeLimit, null, null, bound, $"{solverId} reached the time limit after {wall} s without a solution"),
            5 => new(MpSolveStatus.Abnormal, null, null, bound, $"{solverId} rejected the model as invalid"),
            _ => new(MpSolveStatus.Abnormal, null, null, bound, $"{solverId} ended with status {response.RawStatus} after {wall} s"),
        };
    }

    private enum StopReason { None, TimeLimit, Cancelled }

    /// <summary>The host dll is copied beside this assembly (project reference).</summary>
    private static string HostAssembly() =>
        Path.Combine(Path.GetDirectoryName(typeof(MpSolverProcess).Assembly.Location) ?? AppContext.BaseDirectory, "OptService.MpSolverHost.dll");

    /// <summary>The running dotnet host when we run under it, else the SDK's DOTNET_HOST_PATH, else dotnet on PATH.</summary>
    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            return current;
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
    }
}
