namespace OptService.MpSolverHost;

/// <summary>
/// Optional settings of one solve, handed to the host in a file of their own (fifth argument) so that
/// callers that need none keep the four-argument form. Null members leave the backend's default.
/// </summary>
public sealed class MpSolveOptions
{
    private const int Magic = 0x314F504D; // "MPO1"

    /// <summary>Maximize instead of minimize (the solver log then shows the objective as the user wrote it).</summary>
    public bool Maximize { get; init; }

    /// <summary>Constant added to the objective.</summary>
    public double ObjectiveOffset { get; init; }

    /// <summary>MPSolver's RELATIVE_MIP_GAP.</summary>
    public double? RelativeGap { get; init; }

    /// <summary>MPSolver's PRIMAL_TOLERANCE and DUAL_TOLERANCE (PDLP reads them as its convergence tolerances).</summary>
    public double? PrimalTolerance { get; init; }
    public double? DualTolerance { get; init; }

    /// <summary>Worker threads (<c>SetNumThreads</c>); a backend that refuses them fails the solve.</summary>
    public int? Threads { get; init; }

    /// <summary>MPSolver's PRESOLVE on or off.</summary>
    public bool? Presolve { get; init; }

    /// <summary>The backend's own parameter text (<c>SetSolverSpecificParametersAsString</c>); rejected text fails the solve.</summary>
    public string? SolverParameters { get; init; }

    /// <summary>Return row duals and reduced costs (continuous models only).</summary>
    public bool WantDuals { get; init; }

    /// <summary>A start for the backend (<c>SetHint</c>): one value per column, NaN for a column without one; null for none.</summary>
    public double[]? Hint { get; init; }

    public void WriteTo(Stream stream)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Maximize);
        writer.Write(ObjectiveOffset);
        WriteOptional(writer, RelativeGap);
        WriteOptional(writer, PrimalTolerance);
        WriteOptional(writer, DualTolerance);
        writer.Write(Threads ?? 0);
        writer.Write(Presolve is null ? (byte)0 : Presolve.Value ? (byte)1 : (byte)2);
        writer.Write(SolverParameters ?? "");
        writer.Write(WantDuals);
        writer.Write(Hint?.Length ?? 0);
        foreach (var value in Hint ?? []) writer.Write(value);
    }

    public static MpSolveOptions ReadFrom(Stream stream)
    {
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        if (reader.ReadInt32() != Magic) throw new InvalidDataException("not an MpSolveOptions file");
        var maximize = reader.ReadBoolean();
        var offset = reader.ReadDouble();
        var gap = ReadOptional(reader);
        var primal = ReadOptional(reader);
        var dual = ReadOptional(reader);
        var threads = reader.ReadInt32();
        var presolve = reader.ReadByte();
        var parameters = reader.ReadString();
        var wantDuals = reader.ReadBoolean();
        double[]? hint = null;
        if (reader.ReadInt32() is var hinted and > 0)
        {
            hint = new double[hinted];
            for (var j = 0; j < hinted; j++) hint[j] = reader.ReadDouble();
        }
        return new MpSolveOptions
        {
            Maximize = maximize, ObjectiveOffset = offset, RelativeGap = gap, PrimalTolerance = primal, DualTolerance = dual,
            Threads = threads > 0 ? threads : null, Presolve = presolve switch { 1 => true, 2 => false, _ => null },
            SolverParameters = parameters.Length > 0 ? parameters : null, WantDuals = wantDuals, Hint = hint,
        };
    }

    private static void WriteOptional(BinaryWriter writer, double? value) => writer.Write(value ?? double.NaN);

    private static double? ReadOptional(BinaryReader reader) => reader.ReadDouble() is var value && double.IsNaN(value) ? null : value;
}
