using System.Globalization;
using System.Text;

namespace OptService.Problems.LunarLanding;

/// <summary>The trajectory as job artifacts: a CSV table and a hand-written SVG plot.</summary>
internal static class TrajectoryFiles
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// One row per point, every value in round-trip ("R") form. Written straight as UTF-8 (the same bytes as
    /// formatting a string and encoding it): at 50,000 intervals the string route built 11 MB of UTF-16 twice
    /// before encoding, a visible part of a job's CPU time.
    /// </summary>
    public static byte[] Csv(IReadOnlyList<TrajectoryPoint> points)
    {
        var header = "time_s,altitude_m,velocity_m_s,mass_flow_kg_s,thrust_n,mass_kg\n"u8;
        // A round-trip double has at most 24 characters ("-1.2345678901234567E-308"), plus its separator.
        const int MaxValueBytes = 25;
        var buffer = GC.AllocateUninitializedArray<byte>(header.Length + points.Count * 6 * MaxValueBytes);
        header.CopyTo(buffer);
        var length = header.Length;
        foreach (var p in points)
        {
            Append(p.Time, (byte)',');
            Append(p.Altitude, (byte)',');
            Append(p.Velocity, (byte)',');
            Append(p.MassFlow, (byte)',');
            Append(p.Thrust, (byte)',');
            Append(p.Mass, (byte)'\n');
        }
        return buffer.AsSpan(0, length).ToArray();

        void Append(double value, byte separator)
        {
            if (!value.TryFormat(buffer.AsSpan(length, MaxValueBytes - 1), out var written, "R", Invariant))
                throw new InvalidOperationException($"round-trip form of {value} longer than {MaxValueBytes - 1} bytes");
            length += written;
            buffer[length++] = separator;
        }
    }

    /// <summary>Three stacked panels against time: altitude, velocity, thrust.</summary>
    public static byte[] Svg(IReadOnlyList<TrajectoryPoint> points, string title)
    {
        const int width = 720, panelHeight = 200, left = 80, right = 20, top = 40, gap = 50;
        var height = top + 3 * (panelHeight + gap);
        var svg = new StringBuilder();
        svg.Append(Invariant, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(Invariant, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(Invariant, $"<text x=\"{width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">{Escape(title)}</text>\n");
        var step = Math.Max(1, points.Count / 2000);
        var sample = points.Where((_, i) => i % step == 0 || i == points.Count - 1).ToList();
        var tMax = Math.Max(sample.Count > 0 ? sample[^1].Time : 1, 1e-9);
        (string Label, Func<TrajectoryPoint, double> Value, string Colour)[] panels =
        [
            ("altitude [m]", p => p.Altitude, "#1f77b4"),
            ("velocity [m/s]", p => p.Velocity, "#d62728"),
            ("thrust [N]", p => p.Thrust, "#2ca02c"),
        ];
        for (var k = 0; k < panels.Length; k++)
        {
            var (label, value, colour) = panels[k];
            var y0 = top + k * (panelHeight + gap);
            var values = sample.Select(value).ToList();
            var lo = Math.Min(0, values.DefaultIfEmpty(0).Min());
            var hi = Math.Max(lo + 1e-9, values.DefaultIfEmpty(1).Max());
            double X(double t) => left + (width - left - right) * t / tMax;
            double Y(double v) => y0 + panelHeight - panelHeight * (v - lo) / (hi - lo);
            svg.Append(Invariant, $"<rect x=\"{left}\" y=\"{y0}\" width=\"{width - left - right}\" height=\"{panelHeight}\" fill=\"none\" stroke=\"#888\"/>\n");
            svg.Append(Invariant, $"<text x=\"{left}\" y=\"{y0 - 6}\">{label}</text>\n");
            svg.Append(Invariant, $"<text x=\"{left - 6}\" y=\"{y0 + 12}\" text-anchor=\"end\">{hi:G4}</text>\n");
            svg.Append(Invariant, $"<text x=\"{left - 6}\" y=\"{y0 + panelHeight}\" text-anchor=\"end\">{lo:G4}</text>\n");
            svg.Append(Invariant, $"<text x=\"{width - right}\" y=\"{y0 + panelHeight + 16}\" text-anchor=\"end\">t = {tMax:F1} s</text>\n");
            if (lo < 0 && hi > 0)
                svg.Append(Invariant, $"<line x1=\"{left}\" y1=\"{Y(0):F1}\" x2=\"{width - right}\" y2=\"{Y(0):F1}\" stroke=\"#ccc\"/>\n");
            svg.Append(Invariant, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"1.5\" points=\"");
            for (var i = 0; i < sample.Count; i++)
                svg.Append(Invariant, $"{X(sample[i].Time):F1},{Y(values[i]):F1} ");
            svg.Append("\"/>\n");
        }
        svg.Append("</svg>\n");
        return Encoding.UTF8.GetBytes(svg.ToString());
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
