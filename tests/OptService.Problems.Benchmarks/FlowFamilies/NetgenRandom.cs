namespace OptService.Problems.FlowFamilies;

/// <summary>
/// NETGEN's random numbers: the Park–Miller "minimal standard" generator (x ← 16807·x mod 2^31 − 1),
/// with a value in [a, b] taken as a + x mod (b − a + 1), as the DIMACS C version draws them.
/// </summary>
internal sealed class NetgenRandom
{
    private const long Modulus = 2147483647, Multiplier = 16807;
    private long _state;

    public NetgenRandom(long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(seed, 1);
        _state = seed % Modulus;
        if (_state == 0) _state = 1;
    }

    /// <summary>A value in [a, b] (a when b &lt; a, where the C code would divide by zero).</summary>
    public long Next(long a, long b)
    {
        _state = _state * Multiplier % Modulus;
        return b < a ? a : a + _state % (b - a + 1);
    }
}
