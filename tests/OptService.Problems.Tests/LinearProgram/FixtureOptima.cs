namespace OptService.Problems.Tests.LinearProgram;

/// <summary>The shared Netlib and MIPLIB files with their published optima (from the fixtures' README.md).</summary>
public static class FixtureOptima
{
    public static TheoryData<string, double> Netlib => new()
    {
        { "afiro.mps", -4.6475314286E+02 },
        { "adlittle.mps", 2.2549496316E+05 },
        { "sc50a.mps", -6.4575077059E+01 },
        { "blend.mps", -3.0812149846E+01 },
        { "share2b.mps", -4.1573224074E+02 },
        { "kb2.mps", -1.7499001299E+03 },
    };

    public static TheoryData<string, double> Miplib => new()
    {
        { "p0033.mps", 3089 },
        { "lseu.mps", 1120 },
        { "flugpl.mps", 1201500 },
        { "egout.mps", 568.1007 },
    };
}
