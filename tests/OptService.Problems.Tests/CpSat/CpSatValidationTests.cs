using Google.OrTools.Sat;
using Google.Protobuf;
using OptService.Problems.CpSat;
using static OptService.Problems.Tests.CpSat.CpSatTestModels;

namespace OptService.Problems.Tests.CpSat;

public class CpSatValidationTests
{
    [Fact]
    public void Model_AsPythonWritesIt_WithProtoFieldNamesAndInt64AsNumbersOrStrings_IsAccepted()
    {
        var python = """
            {"model": {"variables": [{"name": "x", "domain": ["0", "10"]}, {"name": "y", "domain": [0, 10]}],
                       "constraints": [{"linear": {"vars": [0, 1], "coeffs": ["1", 1], "domain": ["-9223372036854775808", "12"]}}],
                       "objective": {"vars": [0, 1], "coeffs": [-1, "-2"], "scaling_factor": -1}}}
            """;
        Assert.Empty(Errors(python));
        var snake = new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true)).Format(Golomb(5).Model);
        Assert.Empty(Errors(Request(snake)));
    }

    [Fact]
    public void ModelRejectedByCpSatsValidator_Is400WithItsMessage()
    {
        var errors = Errors("""{"model": {"variables": [{"domain": [3, 1]}]}}""");
        var error = Assert.Single(errors);
        Assert.Equal("$.model", error.Path);
        Assert.Contains("CP-SAT rejects the model", error.Reason, StringComparison.Ordinal);
        Assert.Contains("invalid domain", error.Reason, StringComparison.Ordinal);

        var outOfRange = Assert.Single(Errors("""{"model": {"variables": [{"domain": [0, 1]}], "constraints": [{"boolOr": {"literals": [4]}}]}}"""));
        Assert.Contains("CP-SAT rejects the model", outOfRange.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonErrors_AreReportedAtTheirPaths_AllAtOnce()
    {
        var errors = Errors("""
            {"model": {"variables": [{"nme": "x", "domain": [0, 1]}, {"domain": [1.5, "ten"]}],
                       "constraints": [{"linear": {"vars": [0]}, "boolOr": {"literals": [0]}}, {"boolAnd": {"literals": "0"}}],
                       "objective": {"scalingFactor": "big"}}}
            """).ToDictionary(e => e.Path, e => e.Reason);
        Assert.Contains("no field 'nme'", errors["$.model.variables[0].nme"], StringComparison.Ordinal);
        Assert.Contains("whole number", errors["$.model.variables[1].domain[0]"], StringComparison.Ordinal);
        Assert.Contains("whole number", errors["$.model.variables[1].domain[1]"], StringComparison.Ordinal);
        Assert.Contains("only one of", errors["$.model.constraints[0].boolOr"], StringComparison.Ordinal);
        Assert.Equal("expected an array", errors["$.model.constraints[1].boolAnd.literals"]);
        Assert.Contains("number", errors["$.model.objective.scalingFactor"], StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAName_IsAnError_NotAnException()
    {
        byte[] body = [.. "{\"model\": {\"name\": \"a"u8, 0xFF, .. "b\"}}"u8];
        var error = Assert.Single(new CpSatKind(new CpSatLimits()).Parse(body).Errors);
        Assert.Equal("$.model", error.Path);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoneSurrogateEscapes_AreErrors_NotExceptions()
    {
        Assert.Contains(Errors("""{"model": {"variables": [{"domain": [0, "\ud800"]}]}}"""), e => e.Path == "$.model.variables[0].domain[1]");
        Assert.Contains(Errors($$"""{"model": {{ModelJson(Knapsack())}}, "parameters": "log_prefix:\"\ud800\""}"""), e => e.Path == "$.parameters");
    }

    [Fact]
    public void ModelThatIsNotAnObject_IsAnError()
    {
        Assert.Equal("$.model", Assert.Single(Errors("""{"model": [1, 2]}""")).Path);
        Assert.Contains(Errors("""{"options": {}}"""), e => e.Reason.Contains("model", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"bogus_param:3\"", "$.parameters", "has no field named 'bogus_param'")]
    [InlineData("\"num_workers:2\\nmax_time_in_seconds:x\"", "$.parameters", "line 2, column 21: expected a number")]
    [InlineData("\"search_branching:SIDEWAYS\"", "$.parameters", "expected one of AUTOMATIC_SEARCH")]
    [InlineData("\"num_workers:1 num_workers:2\"", "$.parameters", "given twice")]
    [InlineData("\"subsolver_params { name: \\\"x\\\" \"", "$.parameters", "expected '}'")]
    [InlineData("{\"numWorkers\": \"many\"}", "$.parameters.numWorkers", "whole number")]
    [InlineData("{\"nonsense\": 1}", "$.parameters.nonsense", "SatParameters has no field")]
    [InlineData("42", "$.parameters", "JSON object or as a text-format string")]
    [InlineData("\"debug_crash_on_bad_hint:true\"", "$.parameters", "not allowed")]
    [InlineData("\"output_lrat_proof:true\"", "$.parameters", "writes a file")]
    [InlineData("\"max_time_in_seconds:1e9\"", "$.parameters", "max_time_in_seconds must be")]
    [InlineData("\"num_workers:500\"", "$.parameters", "num_workers must be at most")]
    [InlineData("\"linearization_level:-3 random_seed:-1\"", "$.parameters", "CP-SAT rejects the parameters")]
    public void Parameters_ThatCpSatWouldReject_AreErrorsWithWhereAndWhy(string parameters, string path, string reason)
    {
        var body = $$"""{"model": {{ModelJson(Knapsack())}}, "parameters": {{parameters}}}""";
        var errors = Errors(body);
        Assert.Contains(errors, e => e.Path == path && e.Reason.Contains(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Options_OutOfRange_AreErrorsAtTheirPaths()
    {
        var errors = Errors(Request(Knapsack(), options: new { timeLimitSeconds = -1, workers = 99, maxSolutions = 1000 })).Select(e => e.Path).ToList();
        Assert.Contains("$.options.timeLimitSeconds", errors);
        Assert.Contains("$.options.workers", errors);
        Assert.Contains("$.options.maxSolutions", errors);
    }

    [Fact]
    public void Enumerate_WithAnObjectiveOrSeveralWorkers_IsAnError()
    {
        Assert.Contains(Errors(Request(Knapsack(), options: new { enumerateAll = true })), e => e.Path == "$.model.objective");
        Assert.Contains(Errors(Request(Queens(4), options: new { enumerateAll = true, workers = 4 })), e => e.Path == "$.options.workers");
        Assert.Contains(Errors(Request(Queens(4), parameters: "enumerate_all_solutions:true num_workers:4")), e => e.Path == "$.parameters");
    }

    [Fact]
    public void Limits_FromConfiguration_BoundVariablesConstraintsAndBytes()
    {
        var kind = new CpSatKind(new CpSatLimits { MaxVariables = 4, MaxConstraints = 2, MaxModelBytes = 100_000 });
        var errors = kind.Parse(System.Text.Encoding.UTF8.GetBytes(Request(Queens(5)))).Errors;
        Assert.Contains(errors, e => e.Path == "$.model.variables" && e.Reason.Contains("Kinds:cp-sat:MaxVariables", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "$.model.constraints" && e.Reason.Contains("Kinds:cp-sat:MaxConstraints", StringComparison.Ordinal));

        var small = new CpSatKind(new CpSatLimits { MaxModelBytes = 200 });
        var tooBig = Assert.Single(small.Parse(System.Text.Encoding.UTF8.GetBytes(Request(Golomb(6)))).Errors);
        Assert.Contains("Kinds:cp-sat:MaxModelBytes", tooBig.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_LongerThan200Characters_AreErrorsAtTheirPaths()
    {
        var model = Knapsack();
        model.Model.Variables[2].Name = new string('v', 201);
        model.Model.Name = new string('m', 5000);
        var paths = Errors(Request(model)).Select(e => e.Path).ToList();
        Assert.Equal(["$.model.name", "$.model.variables[2].name"], paths);
    }

    [Fact]
    public void ProtoFormat_RejectsFieldsThatCpModelProtoDoesNotHave()
    {
        var format = new CpSatProtoInputFormat(new CpSatLimits());
        byte[] unknownTopLevel = [.. Knapsack().Model.ToByteArray(), 0x78, 0x01]; // field 15, varint 1
        Assert.Contains("field number 15", Assert.Single(format.Convert(unknownTopLevel, new Dictionary<string, string>()).Errors).Reason, StringComparison.Ordinal);
        // A variable (field 2) holding field 9, which IntegerVariableProto does not have.
        byte[] unknownNested = [0x12, 0x04, 0x48, 0x01, 0x10, 0x00];
        Assert.Contains("variables", Assert.Single(format.Convert(unknownNested, new Dictionary<string, string>()).Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ParameterText_RoundTripsThroughFormat()
    {
        var text = "max_time_in_seconds:2.5 random_seed:3 search_branching:FIXED_SEARCH subsolvers:\"core\" subsolvers:\"no_lp\" " +
                   "log_prefix:\"caf\\303\\251 \\\"q\\\"\" subsolver_params { name:\"x\" linearization_level:2 } restart_algorithms:[LUBY_RESTART, DL_MOVING_AVERAGE_RESTART]";
        var parsed = SatParametersText.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal("café \"q\"", parsed!.LogPrefix);
        Assert.Equal(2, parsed.Subsolvers.Count);
        Assert.Equal(2, parsed.RestartAlgorithms.Count);
        Assert.Equal(2, parsed.SubsolverParams[0].LinearizationLevel);
        var again = SatParametersText.Parse(SatParametersText.Format(parsed), out error);
        Assert.Null(error);
        Assert.Equal(parsed, again);
    }

    [Fact]
    public void ProtoFormat_ConvertsBinaryModelsAndOptions_AndRejectsGarbage()
    {
        var kind = new CpSatKind(new CpSatLimits());
        var format = Assert.IsType<CpSatProtoInputFormat>(Assert.Single(kind.InputFormats));
        var bytes = Knapsack().Model.ToByteArray();
        var converted = format.Convert(bytes, new Dictionary<string, string> { ["timeLimitSeconds"] = "5", ["parameters"] = "random_seed:3" });
        Assert.Empty(converted.Errors);
        var accepted = kind.Accept(converted.Problem!);
        Assert.True(accepted.IsValid, string.Join("; ", accepted.Errors.Select(e => e.Reason)));
        Assert.Contains("\"take_4\"", System.Text.Encoding.UTF8.GetString(accepted.Utf8Json!), StringComparison.Ordinal);

        Assert.Equal("$", Assert.Single(format.Convert(new byte[] { 0x12, 0xFF, 0x01 }, new Dictionary<string, string>()).Errors).Path);
        var badQuery = format.Convert(bytes, new Dictionary<string, string> { ["workers"] = "-2", ["enumerateAll"] = "maybe", ["colour"] = "red" }).Errors;
        Assert.Equal(["colour", "enumerateAll", "workers"], badQuery.Select(e => e.Path).Order(StringComparer.Ordinal));

        Assert.Equal(kind.InputFormats[0].ExampleBody, System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(kind.InputFormats[0].ExampleBody)));
        var example = format.Convert(System.Text.Encoding.UTF8.GetBytes(format.ExampleBody), new Dictionary<string, string>());
        Assert.True(kind.Accept(example.Problem!).IsValid);
    }
}
