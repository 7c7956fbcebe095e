using System.Text;
using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Tests.LinearProgram;

/// <summary>
/// The one-pass JSON reader (LinearProgramJsonReader, through LinearProgramKind.Parse as the submit route calls it)
/// reads what System.Text.Json read: escaped and long names, fields in any case, null where null was allowed; and it
/// refuses what the serializer refused, with the field's path.
/// </summary>
public sealed class LinearProgramJsonReaderTests
{
    private static readonly LinearProgramKind Kind = new(new LinearProgramLimits());

    private static FieldError Error(string json) => Assert.Single(Kind.Parse(Encoding.UTF8.GetBytes(json)).Errors);

    [Fact]
    public void OneModel_NamesTheSameVariable_WithOneString_EscapesUnescaped()
    {
        var problem = LinearProgramTestKit.Parse("""
            {"variables":[{"name":"x"},{"name":"y"}],
             "constraints":[{"name":"a","terms":{"x":1,"y":2}},{"name":"b","terms":{"\u0078":3,"y":-4.5}}],
             "objective":{"terms":{"x":1}}}
            """);
        var a = problem.Constraints[0].Terms;
        var b = problem.Constraints[1].Terms;
        Assert.Equal(["x", "y"], b.Names);
        Assert.Equal([3.0, -4.5], b.Coefficients.ToArray());
        Assert.Same(a.Names[0], b.Names[0]); // "\u0078" is x, and the same string as the other x
        Assert.Same(a.Names[0], problem.Objective!.Terms.Names[0]);
        Assert.Same(problem.Variables[0].Name, a.Names[0]);
    }

    [Fact]
    public void LongNames_AndLongExpressions_AreReadWhole()
    {
        var longName = new string('v', 300) + "é";
        var names = Enumerable.Range(0, 5000).Select(k => "x" + k).Append(longName).Append("ü\"q").ToArray();
        var json = JsonSerializer.Serialize(new
        {
            variables = names.Select(n => new { name = n }),
            constraints = new[] { new { name = "all", terms = names.ToDictionary(n => n, n => (double)n.Length) } },
        });
        var parsed = new LinearProgramKind(new LinearProgramLimits { MaxNameLength = 400 }).Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => e.Path + ": " + e.Reason)));
        var terms = ((LinearProgramProblem)parsed.Problem!).Constraints[0].Terms;
        Assert.Equal(names, terms.Names);
        Assert.Equal(names.Select(n => (double)n.Length), terms.Coefficients.ToArray());
    }

    [Fact]
    public void FieldNames_InAnyCase_AndNulls_ReadAsTheSerializerReadThem()
    {
        var problem = LinearProgramTestKit.Parse("""
            {"Variables":[{"NAME":"x","Lower":null,"upper":2,"integer":true}],"constraints":null,
             "objective":{"Sense":"Maximize","terms":{"x":1}},"options":{"solver":"scip","timeLimitSeconds":5}}
            """);
        Assert.Equal(new LpVariable { Name = "x", Upper = 2, Integer = true }, problem.Variables[0]);
        Assert.Null(problem.Constraints);
        Assert.Equal(ObjectiveSense.Maximize, problem.Objective!.Sense);
        Assert.Equal(new LinearProgramOptions { Solver = LinearProgramSolver.Scip, TimeLimitSeconds = 5 }, problem.Options);
    }

    [Theory]
    [InlineData("""{"variables":[{"name":"x"}],"constraints":[{"name":"c","terms":{"x":"two"}}]}""", "$.constraints[0].terms['x']", "finite number")]
    [InlineData("""{"variables":[{"name":"x"}],"constraints":[{"name":"c","terms":{"x":1e999}}]}""", "$.constraints[0].terms['x']", "finite number")]
    [InlineData("""{"variables":[{"name":"x"}],"objective":{"terms":[1]}}""", "$.objective.terms", "variable name → coefficient")]
    [InlineData("""{"variables":[{"name":"x","lower":"0"}]}""", "$.variables[0].lower", "expected a number")]
    [InlineData("""{"variables":[{"name":"x","integer":null}]}""", "$.variables[0].integer", "true or false")]
    [InlineData("""{"variables":[{"name":"x","colour":"red"}]}""", "$.variables[0].colour", "the fields here are name, lower, upper, integer")]
    [InlineData("""{"variables":[{"name":"x"}],"constraints":[{"name":"c","terms":{},"upper":1,"Upper":2}]}""", "$.constraints[0].upper", "given twice")]
    [InlineData("""{"variables":[{"name":"x"}],"constraints":[{"terms":{}}]}""", "$.constraints[0]", "missing required field(s): name")]
    [InlineData("""{"variables":[{"name":"x"}],"constraints":[null,5]}""", "$.constraints[1]", "expected an object")]
    [InlineData("""{"variables":[{"name":"x"}],"objective":{"sense":"up"}}""", "$.objective.sense", "\"minimize\", \"maximize\"")]
    [InlineData("""{"variables":[{"name":"x"}],"options":{"threads":"many"}}""", "$.options.threads", "whole number")]
    [InlineData("""{"constraints":[]}""", "$", "missing required field(s): variables")]
    [InlineData("""{"variables":[{"name":"x"}]} {}""", "$", "after a single JSON value")]
    [InlineData("""{"variables":[{"name":"x"}],"constraints":[{"name":"c","terms":{"x":1,}}]}""", "$.constraints[0].terms", "trailing comma")]
    [InlineData("[1]", "$", "expected an object with fields name, variables, constraints, objective, options")]
    public void BadJson_IsOneErrorAtItsPath(string json, string path, string reason)
    {
        var error = Error(json);
        Assert.Equal(path, error.Path);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8InAName_IsAnErrorAtItsPath()
    {
        byte[] json = [.. Encoding.UTF8.GetBytes("{\"variables\":[{\"name\":\"x\"}],\"constraints\":[{\"name\":\"c\",\"terms\":{\"x"), 0xFF, .. Encoding.UTF8.GetBytes("\":1}}]}")];
        var error = Assert.Single(Kind.Parse(json).Errors);
        Assert.Equal("$.constraints[0].terms", error.Path);
        Assert.Contains("UTF-8", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadModel_ValidatesLikeOneBuiltInCode_WhenItsPartsAreReplaced()
    {
        // Validation finds a read model's variables by the numbers the reader gave their names; a copy with other
        // variables or other terms must be checked by name instead.
        var read = LinearProgramTestKit.Parse("""
            {"variables":[{"name":"x"},{"name":"y"}],"constraints":[{"name":"c","terms":{"x":1,"y":1}}],"objective":{"terms":{"y":1}}}
            """);
        var renamed = read with { Variables = [new LpVariable { Name = "x" }, new LpVariable { Name = "z" }] };
        Assert.Equal(["$.constraints[0].terms['y']", "$.objective.terms['y']"], Kind.Accept(renamed).Errors.Select(e => e.Path));
        var duplicated = read with { Variables = [new LpVariable { Name = "x" }, new LpVariable { Name = "x" }] };
        Assert.Contains(Kind.Accept(duplicated).Errors, e => e.Path == "$.variables[1].name" && e.Reason.Contains("variables[0]", StringComparison.Ordinal));
        var otherTerms = read with { Objective = new LpObjective { Terms = new LinearTerms(["y", "w"], [1, 2]) } };
        Assert.Equal(["$.objective.terms['w']"], Kind.Accept(otherTerms).Errors.Select(e => e.Path));
        Assert.True(Kind.Accept(read).IsValid);
    }
}
