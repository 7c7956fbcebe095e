namespace OptService.Kinds;

/// <summary>
/// A query parameter that an input format (or an endpoint) reads, described for the OpenAPI document so that a
/// generated client gets a typed argument: <see cref="ValueType"/> is <c>int</c>, <c>long</c>, <c>double</c>,
/// <c>bool</c>, <c>string</c> or an enum; the bounds are the ones validation enforces.
/// </summary>
public sealed record QueryParameter(string Name, Type ValueType, string Description)
{
    /// <summary>Smallest accepted value (inclusive unless <see cref="MinimumExclusive"/>).</summary>
    public double? Minimum { get; init; }

    /// <summary>True when the value must be strictly greater than <see cref="Minimum"/> (a time limit of 0 is not one).</summary>
    public bool MinimumExclusive { get; init; }

    /// <summary>Largest accepted value (inclusive).</summary>
    public double? Maximum { get; init; }

    /// <summary>The value used when the parameter is absent, if there is a fixed one.</summary>
    public object? Default { get; init; }

    /// <summary>For a string parameter, the only values accepted (e.g. the registered kind names).</summary>
    public IReadOnlyList<string>? AllowedValues { get; init; }
}
