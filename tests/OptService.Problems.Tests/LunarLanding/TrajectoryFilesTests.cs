using System.Globalization;
using System.Text;
using OptService.Problems.LunarLanding;

namespace OptService.Problems.Tests.LunarLanding;

/// <summary>trajectory.csv: written straight as UTF-8, byte for byte what formatting each row as a string gives.</summary>
public class TrajectoryFilesTests
{
    [Fact]
    public void Csv_IsTheRoundTripTextOfEveryValue_InUtf8()
    {
        TrajectoryPoint[] points =
        [
            new(0, 100000, -1520, 0, 0, 10334),
            new(0.1 + 0.2, -1.2345678901234567E-308, double.Epsilon, -double.MaxValue, 1e21, 4169.9751794188),
            new(518.0112025921126, 0, -0.0, double.NaN, double.PositiveInfinity, 1.0 / 3),
        ];

        var csv = TrajectoryFiles.Csv(points);

        var expected = new StringBuilder("time_s,altitude_m,velocity_m_s,mass_flow_kg_s,thrust_n,mass_kg\n");
        foreach (var p in points)
            expected.Append(CultureInfo.InvariantCulture, $"{p.Time:R},{p.Altitude:R},{p.Velocity:R},{p.MassFlow:R},{p.Thrust:R},{p.Mass:R}\n");
        Assert.Equal(expected.ToString(), Encoding.UTF8.GetString(csv));
        Assert.Equal("0.30000000000000004,-1.2345678901234567E-308,5E-324,-1.7976931348623157E+308,1E+21,4169.9751794188",
            Encoding.UTF8.GetString(csv).Split('\n')[2]);
    }

    [Fact]
    public void Csv_OfNoPoints_IsTheHeader()
    {
        Assert.Equal("time_s,altitude_m,velocity_m_s,mass_flow_kg_s,thrust_n,mass_kg\n", Encoding.UTF8.GetString(TrajectoryFiles.Csv([])));
    }
}
