using System.Globalization;
using System.Text.Json;
using Google.OrTools.Sat;
using Google.Protobuf;
using OptService.Kinds;

namespace OptService.Problems.CpSat;

/// <summary>
/// <c>POST /api/v1/jobs/cp-sat/proto</c>: the binary <c>CpModelProto</c> (<c>model.Proto().SerializeToString()</c> in
/// Python, <c>model.Model.ToByteArray()</c> in C#), options as query parameters. Stored as protobuf JSON like a JSON
/// submission.
/// </summary>
public sealed class CpSatProtoInputFormat(CpSatLimits limits) : IBinaryProblemInputFormat
{
    public string Name => "proto";
    public string ContentType => "application/x-protobuf";
    public string Summary => "A CP-SAT model as binary protobuf (CpModelProto), options and SatParameters text as query parameters.";

    public IReadOnlyList<QueryParameter> QueryParameters { get; } =
    [
        new("timeLimitSeconds", typeof(double), "Wall-clock limit for CP-SAT in seconds (default from configuration).")
            { Minimum = 0, MinimumExclusive = true, Maximum = limits.MaxTimeLimitSeconds },
        new("workers", typeof(int), "Number of CP-SAT search workers.") { Minimum = 1, Maximum = limits.MaxWorkers },
        new("enumerateAll", typeof(bool), "true: count every solution of a model without objective.") { Default = false },
        new("maxSolutions", typeof(int), "Enumeration: how many solutions to return.") { Minimum = 0, Maximum = limits.MaxSolutionsReturned },
        new("parameters", typeof(string), "SatParameters in protobuf text format, e.g. num_workers:4 linearization_level:2."),
    ];

    public string ExampleBody => CpSatExample.ProtoBody();

    public InputConversion Convert(ReadOnlyMemory<byte> body, IReadOnlyDictionary<string, string> query)
    {
        var errors = new List<FieldError>();
        var options = ReadOptions(query, errors);
        if (body.Length > limits.MaxModelBytes)
            errors.Add(new FieldError("$", $"the model is {body.Length} bytes; the limit is {limits.MaxModelBytes} (Kinds:cp-sat:MaxModelBytes)"));
        CpModelProto? model = null;
        if (errors.Count == 0)
        {
            try
            {
                // Unknown fields and sizes before the message is built: protobuf's parser would keep every unknown
                // field (millions, in a body of junk), and a million variables are a million objects.
                var bytes = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(body, out var segment)
                            && segment.Offset == 0 && segment.Count == segment.Array!.Length
                    ? segment.Array
                    : body.ToArray();
                var counts = ProtoWireCheck.TopLevelCounts(bytes);
                CpSatValidation.CheckCount(counts.GetValueOrDefault(CpModelProto.VariablesFieldNumber), limits.MaxVariables, "$.model.variables", "variables", "MaxVariables", errors);
                CpSatValidation.CheckCount(counts.GetValueOrDefault(CpModelProto.ConstraintsFieldNumber), limits.MaxConstraints, "$.model.constraints", "constraints", "MaxConstraints", errors);
                if (errors.Count == 0 && ProtoWireCheck.UnknownField(bytes, CpModelProto.Descriptor) is { } unknown) errors.Add(new FieldError("$", unknown));
                if (errors.Count == 0) model = CpModelProto.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException exception)
            {
                errors.Add(new FieldError("$", "the body is not a binary CpModelProto: " + exception.Message));
            }
        }
        // Names before the model is turned into JSON, which is several times larger.
        if (model is not null) CpSatValidation.CheckSizes(model, limits, errors);
        if (model is null || errors.Count > 0) return InputConversion.Fail(errors);
        var json = JsonDocument.Parse(JsonFormatter.Default.Format(model)).RootElement.Clone();
        JsonElement? parameters = query.TryGetValue("parameters", out var text) ? JsonSerializer.SerializeToElement(text) : null;
        return InputConversion.Ok(new CpSatProblem { Model = json, Parameters = parameters, Options = options });
    }

    private CpSatOptions? ReadOptions(IReadOnlyDictionary<string, string> query, List<FieldError> errors)
    {
        QueryOptionReader.RejectUnknown(query, QueryParameters, errors);
        var options = new CpSatOptions
        {
            TimeLimitSeconds = Read(query, "timeLimitSeconds", errors, t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null, "a number"),
            Workers = Read(query, "workers", errors, t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null, "an integer"),
            EnumerateAll = Read(query, "enumerateAll", errors, t => t switch { "true" => true, "false" => false, _ => (bool?)null }, "true or false"),
            MaxSolutions = Read(query, "maxSolutions", errors, t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null, "an integer"),
        };
        // Range errors name the query parameter, not the JSON path the options are stored under.
        var rangeErrors = new List<FieldError>();
        CpSatValidation.CheckOptions(options, limits, rangeErrors);
        errors.AddRange(rangeErrors.Select(error => error with { Path = error.Path["$.options.".Length..] }));
        return options;
    }

    private static T? Read<T>(IReadOnlyDictionary<string, string> query, string name, List<FieldError> errors, Func<string, T?> parse, string expected) where T : struct
    {
        if (!query.TryGetValue(name, out var text)) return null;
        if (parse(text) is { } value) return value;
        errors.Add(new FieldError(name, $"\"{(text.Length <= 50 ? text : text[..50] + "…")}\" is not {expected}"));
        return null;
    }
}
