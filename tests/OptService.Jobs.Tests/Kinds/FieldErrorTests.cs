using OptService.Kinds;

namespace OptService.Jobs.Tests.Kinds;

public sealed class FieldErrorTests
{
    [Fact]
    public void Fail_ListsTheFirstHundredErrors_AndOneEntrySayingThereAreMore()
    {
        var errors = Enumerable.Range(0, 250).Select(i => new FieldError($"$.items[{i}]", "bad")).ToList();

        var result = ProblemParseResult.Fail(errors);

        Assert.Equal(FieldError.MaxReported + 1, result.Errors.Count);
        Assert.Equal(errors.Take(FieldError.MaxReported), result.Errors.Take(FieldError.MaxReported));
        Assert.Equal("$", result.Errors[^1].Path);
        Assert.Contains("more errors are not listed", result.Errors[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_KeepsAHundredErrorsOrFewer_AsTheyAre()
    {
        var errors = Enumerable.Range(0, FieldError.MaxReported).Select(i => new FieldError($"line {i}", "bad")).ToList();

        Assert.Equal(errors, InputConversion.Fail(errors).Errors);
    }
}
