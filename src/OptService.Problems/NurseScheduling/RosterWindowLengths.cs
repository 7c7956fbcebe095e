using System.Diagnostics;

namespace OptService.Problems.NurseScheduling;

/// <summary>
/// The length of a descent's window response (<see cref="RosterBestResponse"/>), one, two or four weeks, drawn in
/// proportion to the penalty each length removed per second recently (an exponential average, with a floor of a fifth
/// of the mean so that none starves). Which pays depends on the instance and the stage: on a year (Instance23) one-week
/// windows with a pair (<see cref="RosterWindowPairDp"/>) cost a tenth of a four-week window and moved the most; on
/// half a year (Instance20) the four-week windows' first descent went deeper.
/// </summary>
internal sealed class RosterWindowLengths
{
    public static readonly int[] Lengths = [7, 14, 28];

    private readonly double[] _rate = [1, 1, 1];
    private readonly int[] _uses = new int[3];

    /// <summary>The index of the next length to try.</summary>
    public int Draw(Random random)
    {
        var floor = 0.2 * _rate.Average() + 1e-9;
        var pick = random.NextDouble() * (_rate.Sum() + (Lengths.Length * floor));
        for (var i = 0; i < Lengths.Length - 1; i++)
        {
            pick -= _rate[i] + floor;
            if (pick < 0) return i;
        }
        return Lengths.Length - 1;
    }

    /// <summary>Records what a response of length <paramref name="i"/> removed and the Stopwatch ticks it took.</summary>
    public void Report(int i, long gain, long ticks)
    {
        _uses[i]++;
        var seconds = Math.Max(1e-5, (double)ticks / Stopwatch.Frequency);
        _rate[i] = (0.9 * _rate[i]) + (0.1 * gain / seconds);
    }

    /// <summary>For the log: uses per length.</summary>
    public string Describe() => string.Join(", ", Lengths.Select((l, i) => $"{l} d {_uses[i]}"));
}
