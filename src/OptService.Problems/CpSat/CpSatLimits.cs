namespace OptService.Problems.CpSat;

/// <summary>Sizes and solver defaults of the <c>cp-sat</c> kind, read from configuration section <c>Kinds:cp-sat</c> (<see cref="KindLimits"/>).</summary>
public sealed record CpSatLimits
{
    public int MaxVariables { get; init; } = 1_000_000;
    public int MaxConstraints { get; init; } = 1_000_000;

    /// <summary>Longest model, variable or constraint name in characters: names are echoed in results, files and logs.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Largest model in bytes, as JSON (the <c>/proto</c> route: its binary body, and the JSON it is stored as).</summary>
    public long MaxModelBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Most solutions an enumeration may ask to have returned.</summary>
    public int MaxSolutionsReturned { get; init; } = 100;

    public int DefaultMaxSolutions { get; init; } = 10;

    /// <summary>Enumeration stops (count marked incomplete) after this many solutions.</summary>
    public long MaxEnumeratedSolutions { get; init; } = 10_000_000;

    public double DefaultTimeLimitSeconds { get; init; } = 60;
    public double MaxTimeLimitSeconds { get; init; } = 3600;
    public int DefaultWorkers { get; init; } = 2;
    public int MaxWorkers { get; init; } = 16;
}
