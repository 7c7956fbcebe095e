using System.Globalization;

namespace OptService.Jobs;

/// <summary>Reasons the job machinery (not a solver) gives for failing a job, worded once.</summary>
internal static class JobFailures
{
    public static string StartedTooOften(int starts) =>
        "the job was started " + starts.ToString(CultureInfo.InvariantCulture) + " times and each time the process running it " +
        "stopped before it finished (crash, kill or out of memory); it is not tried again";
}
