using System.Globalization;
using System.Text;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Streams the transshipment model as text in the two formats planners' tools read: CPLEX LP (as PuLP,
/// CPLEX, Gurobi, HiGHS, SCIP and CBC write and read it) and free MPS. Both state the same model:
/// minimize Σ cost·x subject to, for every node with arcs, Σ x(in) − Σ x(out) ≥ demand − supply, and
/// minFlow ≤ x ≤ maxFlow. Nodes without arcs have no row (their balance is a constant, checked before solving).
/// </summary>
internal sealed class ModelFileWriter(FlowNetwork network, ModelNames names)
{
    private readonly char[] _number = new char[32];

    /// <summary>
    /// A writer whose buffer fits the expected file and stays off the large object heap. The former
    /// fixed 64K-char buffer was a 128 KB char[] plus a 192 KB byte[] per file, both large objects: at a
    /// few hundred small jobs per second they made the GC run gen-2 collections twenty times a second.
    /// 16K chars (a 32 KB char[] and a 48 KB byte[]) writes large models just as fast into memory.
    /// </summary>
    private static StreamWriter Writer(MemoryStream stream) =>
        new(stream, new UTF8Encoding(false), Math.Clamp(stream.Capacity, 1024, 1 << 14));

    public byte[] WriteLp()
    {
        using var stream = new MemoryStream(64 + network.ArcCount * 96);
        using (var writer = Writer(stream))
        {
            WriteHeader(writer, '\\');
            writer.Write("Minimize\n obj:");
            var terms = 0;
            for (var a = 0; a < network.ArcCount; a++)
            {
                if (network.Cost[a] == 0) continue;
                if (++terms % 8 == 0) writer.Write("\n ");
                WriteTerm(writer, network.Cost[a], a);
            }
            if (terms == 0 && network.ArcCount > 0)
            {
                writer.Write(" 0 "); // all costs zero: a zero term keeps the objective line well-formed
                WriteColumn(writer, 0);
            }
            writer.Write("\nSubject To\n");
            var (inStart, inArcs) = Incidence(network.Head);
            var (outStart, outArcs) = Incidence(network.Tail);
            for (var v = 0; v < network.NodeCount; v++)
            {
                if (inStart[v] == inStart[v + 1] && outStart[v] == outStart[v + 1]) continue;
                writer.Write(" b_");
                writer.Write(names.NodeTokens[v]);
                writer.Write(':');
                terms = 0;
                for (var k = inStart[v]; k < inStart[v + 1]; k++)
                {
                    if (++terms % 8 == 0) writer.Write("\n ");
                    WriteTerm(writer, 1, inArcs[k]);
                }
                for (var k = outStart[v]; k < outStart[v + 1]; k++)
                {
                    if (++terms % 8 == 0) writer.Write("\n ");
                    WriteTerm(writer, -1, outArcs[k]);
                }
                writer.Write(" >= ");
                WriteNumber(writer, network.Demand[v] - network.Supply[v]);
                writer.Write('\n');
            }
            writer.Write("Bounds\n");
            for (var a = 0; a < network.ArcCount; a++)
            {
                var (min, max) = (network.MinFlow[a], network.MaxFlow[a]);
                if (min == 0 && double.IsPositiveInfinity(max)) continue; // the default 0 <= x
                writer.Write(' ');
                WriteNumber(writer, min);
                writer.Write(" <= ");
                WriteColumn(writer, a);
                if (!double.IsPositiveInfinity(max))
                {
                    writer.Write(" <= ");
                    WriteNumber(writer, max);
                }
                writer.Write('\n');
            }
            if (network.IntegerFlows && network.ArcCount > 0)
            {
                writer.Write("Generals\n");
                for (var a = 0; a < network.ArcCount; a++)
                {
                    writer.Write(a % 8 == 0 ? (a == 0 ? " " : "\n ") : " ");
                    WriteColumn(writer, a);
                }
                writer.Write('\n');
            }
            writer.Write("End\n");
        }
        return stream.ToArray();
    }

    public byte[] WriteMps()
    {
        using var stream = new MemoryStream(64 + network.ArcCount * 120);
        using (var writer = Writer(stream))
        {
            WriteHeader(writer, '*');
            writer.Write("NAME ");
            writer.Write(string.IsNullOrWhiteSpace(network.Name) ? "transshipment" : Token(network.Name));
            writer.Write("\nROWS\n N obj\n");
            var hasRow = new bool[network.NodeCount];
            for (var a = 0; a < network.ArcCount; a++) hasRow[network.Tail[a]] = hasRow[network.Head[a]] = true;
            for (var v = 0; v < network.NodeCount; v++)
            {
                if (!hasRow[v]) continue;
                writer.Write(" G b_");
                writer.Write(names.NodeTokens[v]);
                writer.Write('\n');
            }
            writer.Write("COLUMNS\n");
            if (network.IntegerFlows && network.ArcCount > 0) writer.Write(" MARKER 'MARKER' 'INTORG'\n");
            for (var a = 0; a < network.ArcCount; a++)
            {
                writer.Write(' ');
                WriteColumn(writer, a);
                if (network.Cost[a] != 0)
                {
                    writer.Write(" obj ");
                    WriteNumber(writer, network.Cost[a]);
                }
                // At most two (row, value) pairs per line.
                writer.Write(" b_");
                writer.Write(names.NodeTokens[network.Tail[a]]);
                writer.Write(" -1");
                if (network.Cost[a] != 0)
                {
                    writer.Write("\n ");
                    WriteColumn(writer, a);
                }
                writer.Write(" b_");
                writer.Write(names.NodeTokens[network.Head[a]]);
                writer.Write(" 1\n");
            }
            if (network.IntegerFlows && network.ArcCount > 0) writer.Write(" MARKER 'MARKER' 'INTEND'\n");
            writer.Write("RHS\n");
            for (var v = 0; v < network.NodeCount; v++)
            {
                var rhs = network.Demand[v] - network.Supply[v];
                if (!hasRow[v] || rhs == 0) continue;
                writer.Write(" rhs b_");
                writer.Write(names.NodeTokens[v]);
                writer.Write(' ');
                WriteNumber(writer, rhs);
                writer.Write('\n');
            }
            writer.Write("BOUNDS\n");
            for (var a = 0; a < network.ArcCount; a++)
            {
                var (min, max) = (network.MinFlow[a], network.MaxFlow[a]);
                if (min != 0) WriteBound(writer, "LO", a, min);
                // Integer columns always get an explicit upper bound: some readers default them to [0, 1].
                if (!double.IsPositiveInfinity(max)) WriteBound(writer, "UP", a, max);
                else if (network.IntegerFlows) WriteBound(writer, "PL", a, null);
            }
            writer.Write("ENDATA\n");
        }
        return stream.ToArray();
    }

    private void WriteHeader(StreamWriter writer, char comment)
    {
        writer.Write(comment);
        writer.Write(string.Create(CultureInfo.InvariantCulture,
            $" transshipment '{network.Name}': {network.NodeCount} nodes, {network.ArcCount} arcs; minimize total cost\n"));
        writer.Write(comment);
        writer.Write(" row b_<node>: inflow - outflow >= demand - supply; column x<arc>_<from>_<to>: flow on arc number <arc> (0-based, input order)\n");
        foreach (var (id, token) in names.Renamed)
        {
            writer.Write(comment);
            writer.Write(" node ");
            writer.Write(token);
            writer.Write(" = ");
            writer.Write(id.ReplaceLineEndings(" "));
            writer.Write('\n');
        }
    }

    private void WriteBound(StreamWriter writer, string type, int arc, double? value)
    {
        writer.Write(' ');
        writer.Write(type);
        writer.Write(" bnd ");
        WriteColumn(writer, arc);
        if (value is { } number)
        {
            writer.Write(' ');
            WriteNumber(writer, number);
        }
        writer.Write('\n');
    }

    private void WriteTerm(StreamWriter writer, double coefficient, int arc)
    {
        writer.Write(coefficient < 0 ? " - " : " + ");
        if (Math.Abs(coefficient) != 1)
        {
            WriteNumber(writer, Math.Abs(coefficient));
            writer.Write(' ');
        }
        WriteColumn(writer, arc);
    }

    private void WriteColumn(StreamWriter writer, int arc)
    {
        writer.Write('x');
        arc.TryFormat(_number, out var length, default, CultureInfo.InvariantCulture);
        writer.Write(_number, 0, length);
        writer.Write('_');
        writer.Write(names.NodeTokens[network.Tail[arc]]);
        writer.Write('_');
        writer.Write(names.NodeTokens[network.Head[arc]]);
    }

    private void WriteNumber(StreamWriter writer, double value)
    {
        // Shortest text that reads back as the same double.
        value.TryFormat(_number, out var length, "R", CultureInfo.InvariantCulture);
        writer.Write(_number, 0, length);
    }

    private static string Token(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 40));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 40)))
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        return builder.ToString();
    }

    /// <summary>Arcs grouped by the node <paramref name="endpoint"/> names (compressed rows).</summary>
    private (int[] Start, int[] Arcs) Incidence(int[] endpoint)
    {
        var start = new int[network.NodeCount + 1];
        foreach (var v in endpoint) start[v + 1]++;
        for (var v = 0; v < network.NodeCount; v++) start[v + 1] += start[v];
        var next = (int[])start.Clone();
        var arcs = new int[endpoint.Length];
        for (var a = 0; a < endpoint.Length; a++) arcs[next[endpoint[a]]++] = a;
        return (start, arcs);
    }
}
