using OptService.Nlp.LinearAlgebra;

namespace OptService.Nlp.Tests;

public class EnvelopeLdltTests
{
    /// <summary>A random banded quasi-definite KKT-like matrix [H Aᵀ; A −C] in triplets (lower part).</summary>
    private static (int N, List<(int R, int C, double V)> Entries) QuasiDefinite(int n, int m, int seed)
    {
        var random = new Random(seed);
        var entries = new List<(int, int, double)>();
        for (var i = 0; i < n; i++)
        {
            entries.Add((i, i, 2 + random.NextDouble()));
            if (i > 0) entries.Add((i, i - 1, random.NextDouble() - 0.5));
        }
        for (var r = 0; r < m; r++)
        {
            entries.Add((n + r, n + r, -1e-3 - random.NextDouble()));
            var c = r * n / m;
            entries.Add((n + r, c, 1 + random.NextDouble()));
            if (c + 1 < n) entries.Add((n + r, c + 1, random.NextDouble() - 0.5));
        }
        // One dense coupling (like a free final time) to exercise the trailing full row.
        for (var r = 0; r < m; r++) entries.Add((n + r, n - 1, 0.1 * random.NextDouble()));
        return (n + m, entries);
    }

    private static double[,] Dense(int size, List<(int R, int C, double V)> entries)
    {
        var a = new double[size, size];
        foreach (var (r, c, v) in entries)
        {
            a[r, c] += v;
            if (r != c) a[c, r] += v;
        }
        return a;
    }

    private static EnvelopeLdlt Factor(int size, List<(int R, int C, double V)> entries, int primalCount)
    {
        var rows = entries.Select(e => e.R).ToArray();
        var cols = entries.Select(e => e.C).ToArray();
        var permutation = ReverseCuthillMcKee.Order(size, rows, cols, primalCount);
        var ldlt = new EnvelopeLdlt(size, rows, cols, permutation);
        foreach (var (r, c, v) in entries) ldlt.Values[ldlt.PositionOf(r, c)] += v;
        return ldlt;
    }

    [Fact]
    public void Solve_MatchesDenseProduct_OnQuasiDefiniteKktMatrix()
    {
        var (size, entries) = QuasiDefinite(40, 25, 7);
        var ldlt = Factor(size, entries, 40);
        var inertia = ldlt.Factorize(1e-14);
        Assert.Equal(new Inertia(40, 25, 0), inertia);

        var random = new Random(3);
        var expected = Enumerable.Range(0, size).Select(_ => random.NextDouble() - 0.5).ToArray();
        var a = Dense(size, entries);
        var b = new double[size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++) b[i] += a[i, j] * expected[j];
        ldlt.Solve(b);
        for (var i = 0; i < size; i++) Assert.Equal(expected[i], b[i], 1e-10);
    }

    [Fact]
    public void Factorize_ReportsInertiaOfIndefiniteMatrix()
    {
        // [[1, 2], [2, 1]] has eigenvalues 3 and −1; the extra diagonal entries add one positive and one negative.
        List<(int, int, double)> entries = [(0, 0, 1), (1, 0, 2), (1, 1, 1), (2, 2, 5), (3, 3, -4), (3, 2, 0.5)];
        var ldlt = Factor(4, entries, 4);
        Assert.Equal(new Inertia(2, 2, 0), ldlt.Factorize(1e-14));
    }

    [Fact]
    public void Factorize_ReportsZeroPivot_WhenSingular()
    {
        List<(int, int, double)> entries = [(0, 0, 1), (1, 0, 1), (1, 1, 1)];
        var ldlt = Factor(2, entries, 2);
        Assert.Equal(1, ldlt.Factorize(1e-14).Zero);
    }

    [Fact]
    public void Envelope_GrowsLinearly_ForBandedMatrixWithDenseLastRow()
    {
        long SizeFor(int n)
        {
            var (size, entries) = QuasiDefinite(n, n / 2, 1);
            return Factor(size, entries, n).Size;
        }
        var small = SizeFor(1000);
        var large = SizeFor(10000);
        Assert.InRange((double)large / small, 8, 12);
    }
}
