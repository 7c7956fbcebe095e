using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Google.OrTools.Sat;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>A cp-sat request read and checked: the model, the parameters CP-SAT will run with, and the mode.</summary>
internal sealed record CpSatRequest(CpModelProto Model, SatParameters Parameters, bool EnumerateAll, int MaxSolutions);

/// <summary>
/// Every error of a cp-sat submission at once: JSON errors with their paths, the sizes of <c>Kinds:cp-sat</c>, then
/// CP-SAT's own verdicts: its model validator (<c>ValidateCpModel</c>) and its parameter check, both run here so
/// that nothing CP-SAT would reject is queued.
/// </summary>
internal static class CpSatValidation
{
    /// <summary>Parameters that would stop the service process or write files beside it.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["debug_crash_on_bad_hint"] = "stops the whole service process on a bad hint",
        ["debug_crash_if_presolve_breaks_hint"] = "stops the whole service process",
        ["debug_crash_if_lrat_check_fails"] = "stops the whole service process",
        ["output_drat_proof"] = "writes a file on the server",
        ["output_lrat_proof"] = "writes a file on the server",
    };

    public static IEnumerable<FieldError> Validate(CpSatProblem problem, CpSatLimits limits)
    {
        var errors = new List<FieldError>();
        Read(problem, limits, errors, withCpSatChecks: true);
        return errors;
    }

    /// <summary>Reads the request; null (with <paramref name="errors"/> filled) when it is invalid.</summary>
    public static CpSatRequest? Read(CpSatProblem problem, CpSatLimits limits, List<FieldError> errors, bool withCpSatChecks)
    {
        var options = problem.Options ?? new CpSatOptions();
        CheckOptions(options, limits, errors);
        var model = ReadModel(problem.Model, limits, errors);
        var parameters = ReadParameters(problem.Parameters, errors);
        if (model is null || parameters is null || errors.Count > 0) return null;

        var final = FinalParameters(model, parameters, options, limits, errors);
        if (final is null) return null;
        if (withCpSatChecks)
        {
            if (CpSatHelper.ValidateModel(model) is { Length: > 0 } invalid)
                errors.Add(new FieldError("$.model", "CP-SAT rejects the model: " + Clip(invalid)));
            if (RejectedParameters(final) is { } rejected)
                errors.Add(new FieldError("$.parameters", "CP-SAT rejects the parameters: " + Clip(rejected)));
            if (errors.Count > 0) return null;
        }
        return new CpSatRequest(model, final, final.EnumerateAllSolutions, options.MaxSolutions ?? limits.DefaultMaxSolutions);
    }

    internal static void CheckOptions(CpSatOptions options, CpSatLimits limits, List<FieldError> errors)
    {
        if (options.TimeLimitSeconds is { } time && !(time > 0 && time <= limits.MaxTimeLimitSeconds))
            errors.Add(new FieldError("$.options.timeLimitSeconds", Invariant($"must be above 0 and at most {limits.MaxTimeLimitSeconds} (Kinds:cp-sat:MaxTimeLimitSeconds)")));
        if (options.Workers is { } workers && (workers < 1 || workers > limits.MaxWorkers))
            errors.Add(new FieldError("$.options.workers", Invariant($"must be from 1 to {limits.MaxWorkers} (Kinds:cp-sat:MaxWorkers)")));
        if (options.MaxSolutions is { } keep && (keep < 0 || keep > limits.MaxSolutionsReturned))
            errors.Add(new FieldError("$.options.maxSolutions", Invariant($"must be from 0 to {limits.MaxSolutionsReturned} (Kinds:cp-sat:MaxSolutionsReturned)")));
        if (options.EnumerateAll == true && options.Workers > 1)
            errors.Add(new FieldError("$.options.workers", "an enumeration runs on one worker (CP-SAT counts solutions exactly only with one); leave workers out or set it to 1"));
    }

    private static CpModelProto? ReadModel(JsonElement json, CpSatLimits limits, List<FieldError> errors)
    {
        var bytes = JsonMarshal.GetRawUtf8Value(json).Length;
        if (bytes > limits.MaxModelBytes)
        {
            errors.Add(new FieldError("$.model", Invariant($"the model is {bytes} bytes of JSON; the limit is {limits.MaxModelBytes} (Kinds:cp-sat:MaxModelBytes)")));
            return null;
        }
        // Counts first, from the document: a model over the limits is not worth building (a million objects).
        if (json.ValueKind == JsonValueKind.Object)
        {
            CheckCount(ArrayLength(json, "variables"), limits.MaxVariables, "$.model.variables", "variables", "MaxVariables", errors);
            CheckCount(ArrayLength(json, "constraints"), limits.MaxConstraints, "$.model.constraints", "constraints", "MaxConstraints", errors);
            if (errors.Count > 0) return null;
        }
        var model = ProtoJsonReader.Read<CpModelProto>(json, "$.model", errors);
        if (model is null) return null;
        CheckSizes(model, limits, errors);
        return errors.Count > 0 ? null : model;
    }

    /// <summary>Variables, constraints and names within the limits (also run by the /proto route before its JSON conversion).</summary>
    internal static void CheckSizes(CpModelProto model, CpSatLimits limits, List<FieldError> errors)
    {
        CheckCount(model.Variables.Count, limits.MaxVariables, "$.model.variables", "variables", "MaxVariables", errors);
        CheckCount(model.Constraints.Count, limits.MaxConstraints, "$.model.constraints", "constraints", "MaxConstraints", errors);
        CheckName(model.Name, "$.model.name", errors);
        for (var i = 0; i < model.Variables.Count && errors.Count < FieldError.MaxReported; i++)
            CheckName(model.Variables[i].Name, Invariant($"$.model.variables[{i}].name"), errors);
        for (var i = 0; i < model.Constraints.Count && errors.Count < FieldError.MaxReported; i++)
            CheckName(model.Constraints[i].Name, Invariant($"$.model.constraints[{i}].name"), errors);
    }

    internal static void CheckCount(int count, int limit, string path, string what, string setting, List<FieldError> errors)
    {
        if (count > limit) errors.Add(new FieldError(path, Invariant($"{count} {what}; the limit is {limit} (Kinds:cp-sat:{setting})")));
    }

    private static int ArrayLength(JsonElement model, string name) =>
        model.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.GetArrayLength() : 0;

    /// <summary>A JSON object (protobuf JSON mapping) or a text-format string; absent or null means CP-SAT's defaults.</summary>
    private static SatParameters? ReadParameters(JsonElement? json, List<FieldError> errors)
    {
        SatParameters? parameters;
        switch (json)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return new SatParameters();
            case { ValueKind: JsonValueKind.String } text:
                if (ProtoJsonReader.Text(text) is not { } value)
                {
                    errors.Add(new FieldError("$.parameters", "the text contains a lone surrogate escape (such as \\ud800)"));
                    return null;
                }
                parameters = SatParametersText.Parse(value, out var error);
                if (parameters is null) errors.Add(new FieldError("$.parameters", "not valid SatParameters text: " + error));
                break;
            case { ValueKind: JsonValueKind.Object } message:
                parameters = ProtoJsonReader.Read<SatParameters>(message, "$.parameters", errors);
                break;
            default:
                errors.Add(new FieldError("$.parameters", "expected SatParameters as a JSON object or as a text-format string"));
                return null;
        }
        if (parameters is null) return null;
        foreach (var field in SatParameters.Descriptor.Fields.InFieldNumberOrder())
        {
            if (Refused.TryGetValue(field.Name, out var why) && field.Accessor.HasValue(parameters) && field.Accessor.GetValue(parameters) is true)
                errors.Add(new FieldError("$.parameters", $"{field.Name} is not allowed here: it {why}"));
        }
        return errors.Count > 0 ? null : parameters;
    }

    /// <summary>
    /// The parameters CP-SAT runs with: the user's, with <c>options</c> applied on top, the service's defaults where
    /// neither says anything, and the log sent to the job (never to the process's stdout).
    /// </summary>
    private static SatParameters? FinalParameters(CpModelProto model, SatParameters user, CpSatOptions options, CpSatLimits limits, List<FieldError> errors)
    {
        var final = user.Clone();
        var enumerate = options.EnumerateAll ?? user.EnumerateAllSolutions;
        var time = options.TimeLimitSeconds ?? (user.HasMaxTimeInSeconds ? user.MaxTimeInSeconds : limits.DefaultTimeLimitSeconds);
        if (!(time > 0 && time <= limits.MaxTimeLimitSeconds))
            errors.Add(new FieldError("$.parameters", Invariant($"max_time_in_seconds must be above 0 and at most {limits.MaxTimeLimitSeconds} (Kinds:cp-sat:MaxTimeLimitSeconds)")));
        int? userWorkers = user.NumWorkers > 0 ? user.NumWorkers : user.NumSearchWorkers > 0 ? user.NumSearchWorkers : null;
        var workers = options.Workers ?? userWorkers ?? limits.DefaultWorkers;
        if (options.Workers is null && userWorkers > limits.MaxWorkers)
            errors.Add(new FieldError("$.parameters", Invariant($"num_workers must be at most {limits.MaxWorkers} (Kinds:cp-sat:MaxWorkers)")));
        if (enumerate)
        {
            if (model.Objective is not null || model.FloatingPointObjective is not null)
                errors.Add(new FieldError("$.model.objective",
                    "enumerateAll counts the solutions of a model without objective; remove the objective (or bound it with a constraint) to enumerate"));
            if (options.Workers is null && userWorkers > 1)
                errors.Add(new FieldError("$.parameters", "an enumeration runs on one worker (CP-SAT counts solutions exactly only with one); leave num_workers out or set it to 1"));
            workers = 1;
            final.EnumerateAllSolutions = true;
            // Measured on the 4-nurse seed (5184 solutions): 2.8 s with CP-SAT's defaults, 0.4 s without presolve and
            // linear relaxation, which only slow down a search that must visit every solution anyway (docs/cp-sat.md).
            if (!user.HasCpModelPresolve) final.CpModelPresolve = false;
            if (!user.HasLinearizationLevel) final.LinearizationLevel = 0;
        }
        if (errors.Count > 0) return null;
        final.MaxTimeInSeconds = time;
        final.NumWorkers = workers;
        final.ClearNumSearchWorkers();
        // CP-SAT's search log goes to the job log, except in an enumeration that did not ask for it: there it is
        // a line per solution (5184 lines crossing into .NET on the seed) that nobody reads.
        final.LogSearchProgress = !enumerate || (user.HasLogSearchProgress && user.LogSearchProgress);
        final.LogToStdout = false;
        return final;
    }

    /// <summary>
    /// CP-SAT's own parameter check (ranges, combinations), run on an empty model: it answers MODEL_INVALID with the
    /// reason, at once, for parameters it rejects. Null when they are fine.
    /// </summary>
    private static string? RejectedParameters(SatParameters parameters)
    {
        var probe = parameters.Clone();
        probe.LogSearchProgress = false;
        using var wrapper = new SolveWrapper();
        wrapper.SetStringParameters(SatParametersText.Format(probe));
        var response = wrapper.Solve(new CpModelProto());
        return response.Status == CpSolverStatus.ModelInvalid ? response.SolutionInfo : null;
    }

    /// <summary>Names are echoed in results, files and logs: at most <see cref="CpSatLimits.MaxNameLength"/> characters.</summary>
    private static void CheckName(string name, string path, List<FieldError> errors)
    {
        if (name.Length > CpSatLimits.MaxNameLength)
            errors.Add(new FieldError(path, Invariant($"the name is {name.Length} characters; at most {CpSatLimits.MaxNameLength} are allowed")));
    }

    /// <summary>CP-SAT's messages can quote a whole domain; a rejection is kept short.</summary>
    private static string Clip(string text) => text.Length <= 500 ? text : text[..500] + "…";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
