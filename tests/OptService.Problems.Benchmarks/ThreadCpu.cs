using System.Globalization;

namespace OptService.Problems.Benchmarks;

/// <summary>This thread's CPU time, for benchmarks on a busy machine.</summary>
internal static class ThreadCpu
{
    // /proc/thread-self/stat fields 14 and 15 (user, system) in clock ticks (100 per second).
    public static TimeSpan Now()
    {
        var fields = File.ReadAllText("/proc/thread-self/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }
}
