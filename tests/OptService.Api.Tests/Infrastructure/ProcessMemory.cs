using System.Globalization;

namespace OptService.Api.Tests.Infrastructure;

/// <summary>
/// Resident memory of a process as the Linux kernel counts it (<c>/proc/{pid}/status</c>): <c>VmRSS</c> now and
/// <c>VmHWM</c>, the peak since the process started. Both in bytes.
/// </summary>
public sealed record ProcessMemory(long ResidentBytes, long PeakResidentBytes)
{
    public static ProcessMemory Read(int processId)
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
        }
        return new ProcessMemory(rss, peak);
    }

    public static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("F0", CultureInfo.InvariantCulture) + " MiB";

    // "VmRSS:\t  123456 kB"
    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim()[..^2].Trim(), CultureInfo.InvariantCulture);
}
