namespace OptService.MpSolverHost;

/// <summary>
/// A linear or mixed-integer program in compressed-column form, the request the parent hands to this
/// host. Minimize <c>Σ Objective[j]·x[j]</c> subject to <c>RowLower ≤ A·x ≤ RowUpper</c> and
/// <c>ColumnLower ≤ x ≤ ColumnUpper</c>; column j's nonzeros are <c>RowIndex/Value[ColumnStart[j]..ColumnStart[j+1]]</c>.
/// Infinite bounds are ±∞. Binary, little-endian, versioned by a magic number.
/// </summary>
public sealed class MpModelFile
{
    private const int Magic = 0x314D504D; // "MPM1"

    public required double[] ColumnLower { get; init; }
    public required double[] ColumnUpper { get; init; }
    public required double[] Objective { get; init; }
    public required bool[] IsInteger { get; init; }
    public required double[] RowLower { get; init; }
    public required double[] RowUpper { get; init; }
    public required int[] ColumnStart { get; init; }
    public required int[] RowIndex { get; init; }
    public required double[] Value { get; init; }

    public int ColumnCount => Objective.Length;
    public int RowCount => RowLower.Length;

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(ColumnCount);
        writer.Write(RowCount);
        writer.Write(Value.Length);
        Write(writer, ColumnLower);
        Write(writer, ColumnUpper);
        Write(writer, Objective);
        foreach (var integer in IsInteger) writer.Write(integer);
        Write(writer, RowLower);
        Write(writer, RowUpper);
        Write(writer, ColumnStart);
        Write(writer, RowIndex);
        Write(writer, Value);
    }

    public static MpModelFile ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("not an MpModelFile");
        var columns = reader.ReadInt32();
        var rows = reader.ReadInt32();
        var nonzeros = reader.ReadInt32();
        var lower = ReadDoubles(reader, columns);
        var upper = ReadDoubles(reader, columns);
        var objective = ReadDoubles(reader, columns);
        var integer = new bool[columns];
        for (var j = 0; j < columns; j++) integer[j] = reader.ReadBoolean();
        return new MpModelFile
        {
            ColumnLower = lower, ColumnUpper = upper, Objective = objective, IsInteger = integer,
            RowLower = ReadDoubles(reader, rows), RowUpper = ReadDoubles(reader, rows),
            ColumnStart = ReadInts(reader, columns + 1), RowIndex = ReadInts(reader, nonzeros),
            Value = ReadDoubles(reader, nonzeros),
        };
    }

    private static void Write(BinaryWriter writer, double[] values)
    {
        foreach (var value in values) writer.Write(value);
    }

    private static void Write(BinaryWriter writer, int[] values)
    {
        foreach (var value in values) writer.Write(value);
    }

    private static double[] ReadDoubles(BinaryReader reader, int count)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadDouble();
        return values;
    }

    private static int[] ReadInts(BinaryReader reader, int count)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadInt32();
        return values;
    }
}

/// <summary>
/// What the host writes back: the MPSolver result status as its raw number (HiGHS can return values
/// outside the C# enum), whether values are present, objective, best bound, wall time and x.
/// </summary>
public sealed class MpSolveResponse
{
    private const int Magic = 0x3152504D; // "MPR1"

    /// <summary>The stdout line the host prints when the backend starts solving (model built).</summary>
    public const string SolveStartedLine = "@@optservice: solve started";

    public required int RawStatus { get; init; }
    public required double Objective { get; init; }
    public required double BestBound { get; init; }
    public required double WallSeconds { get; init; }

    /// <summary>Variable values, or null when the solver returned no solution.</summary>
    public double[]? Values { get; init; }

    /// <summary>Row duals (∂objective/∂row bound), when asked for and the model is continuous; else null.</summary>
    public double[]? Duals { get; init; }

    /// <summary>Column reduced costs, when asked for and the model is continuous; else null.</summary>
    public double[]? ReducedCosts { get; init; }

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(RawStatus);
        writer.Write(Objective);
        writer.Write(BestBound);
        writer.Write(WallSeconds);
        WriteArray(writer, Values);
        // Added after the values, so that a response without them reads as before.
        WriteArray(writer, Duals);
        WriteArray(writer, ReducedCosts);
    }

    private static void WriteArray(BinaryWriter writer, double[]? values)
    {
        writer.Write(values?.Length ?? -1);
        foreach (var value in values ?? []) writer.Write(value);
    }

    private static double[]? ReadArray(BinaryReader reader)
    {
        if (reader.BaseStream.Position >= reader.BaseStream.Length) return null;
        var count = reader.ReadInt32();
        if (count < 0) return null;
        var values = new double[count];
        for (var i = 0; i < count; i++) values[i] = reader.ReadDouble();
        return values;
    }

    public static MpSolveResponse ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("not an MpSolveResponse");
        var status = reader.ReadInt32();
        var objective = reader.ReadDouble();
        var bound = reader.ReadDouble();
        var wall = reader.ReadDouble();
        var values = ReadArray(reader);
        var duals = ReadArray(reader);
        var reducedCosts = ReadArray(reader);
        return new MpSolveResponse
        {
            RawStatus = status, Objective = objective, BestBound = bound, WallSeconds = wall,
            Values = values, Duals = duals, ReducedCosts = reducedCosts,
        };
    }
}
