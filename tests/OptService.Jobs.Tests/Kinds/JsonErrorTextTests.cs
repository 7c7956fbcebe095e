using System.Text;
using OptService.Kinds;

namespace OptService.Jobs.Tests.Kinds;

/// <summary>A body that does not deserialize is rejected with the field and the JSON expected there, in the user's terms.</summary>
public sealed class JsonErrorTextTests
{
    private static readonly SampleKind Kind = new();

    [Theory]
    [InlineData("""{ "count": 1.5, "items": [] }""", "$.count", "expected a whole number from -2147483648 to 2147483647")]
    [InlineData("""{ "count": 99999999999, "items": [] }""", "$.count", "expected a whole number")]
    [InlineData("""{ "count": 1, "items": [], "weight": "NaN" }""", "$.weight", "expected a number")]
    [InlineData("""{ "count": 1, "items": [], "mode": "sideways" }""", "$.mode", "expected one of \"fast\", \"very-careful\"")]
    [InlineData("""{ "count": 1, "items": {} }""", "$.items", "expected an array")]
    [InlineData("""{ "count": 1, "items": [ { "name": 5 } ] }""", "$.items[0].name", "expected a string")]
    [InlineData("""{ "count": 1, "items": [ 7 ] }""", "$.items[0]", "expected an object with fields name")]
    [InlineData("""true""", "$", "expected an object with fields count, items, weight, mode")]
    [InlineData("""{ "count": 1, "items": [], "extra": 1 }""", "$.extra", "unknown field; the fields here are count, items, weight, mode")]
    [InlineData("""{ "items": [] }""", "$", "missing required field(s): count")]
    [InlineData("""{ "count": 1, "count": 2, "items": [] }""", "$.count", "the field is given twice")]
    [InlineData("""{ "count": 1, "items": [ { "name": "\ud800" } ] }""", "$.items[0].name", "the text is not valid UTF-8")]
    public void Parse_RejectsWithTheFieldAndTheExpectedJson_NamingNoDotNetType(string json, string path, string reason)
    {
        var error = Assert.Single(Kind.Parse(Encoding.UTF8.GetBytes(json)).Errors);

        Assert.Equal(path, error.Path);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("OptService.", error.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(SampleProblem), error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ClipsAHugeUnknownFieldName_InsteadOfEchoingIt()
    {
        var json = "{ \"count\": 1, \"items\": [], \"" + new string('k', 1_000_000) + "\": 1 }";

        var error = Assert.Single(Kind.Parse(Encoding.UTF8.GetBytes(json)).Errors);

        Assert.True(error.Path.Length + error.Reason.Length < 1000, $"{error.Path.Length} + {error.Reason.Length} characters");
        Assert.StartsWith("$.kkkk", error.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_IgnoresAUtf8ByteOrderMark_AndStoresTheBodyWithoutIt()
    {
        var body = Encoding.UTF8.GetBytes("\uFEFF{ \"count\": 1, \"items\": [] }");

        var parsed = Kind.Parse(body);

        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors));
        Assert.Equal("{ \"count\": 1, \"items\": [] }", System.Text.Encoding.UTF8.GetString(parsed.Utf8Json!));
    }

    private sealed record SampleProblem
    {
        public required int Count { get; init; }
        public required IReadOnlyList<SampleItem> Items { get; init; }
        public double Weight { get; init; }
        public SampleMode Mode { get; init; }
    }

    private sealed record SampleItem(string Name);

    private enum SampleMode
    {
        Fast,
        [System.Text.Json.Serialization.JsonStringEnumMemberName("very-careful")]
        VeryCareful,
    }

    private sealed class SampleKind : ProblemKind<SampleProblem, SampleProblem>
    {
        public override string Name => "sample";
        public override string Summary => "test";
        protected override SampleProblem CreateExample() => new() { Count = 1, Items = [] };
        protected override IEnumerable<FieldError> Validate(SampleProblem problem) => [];
        protected override Task<SolveReport<SampleProblem>> Solve(SampleProblem problem, ISolveContext context) => throw new NotSupportedException();
    }
}
