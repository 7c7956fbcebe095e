using System.Diagnostics;
using System.Globalization;
using OptService.Problems.LinearProgramming;

namespace OptService.Problems.Tests.LinearProgramming;

/// <summary>A process killed mid-solve leaves its solver temp folder; the next start deletes it, and only it.</summary>
public sealed class MpSolverLeftoverTests
{
    [Fact]
    public void RemoveLeftoverFolders_DeletesADeadProcesssFolder_AndKeepsLiveOnesAndOthers()
    {
        var root = Directory.CreateTempSubdirectory("optservice-leftover-tests-").FullName;
        try
        {
            using var finished = Process.Start(new ProcessStartInfo("true"))!;
            finished.WaitForExit();
            var deadPid = finished.Id.ToString(CultureInfo.InvariantCulture);
            var dead = Directory.CreateDirectory(Path.Combine(root, $"optservice-mp-{deadPid}-abc123")).FullName;
            File.WriteAllBytes(Path.Combine(dead, "model.bin"), new byte[4096]);
            var mine = Directory.CreateDirectory(Path.Combine(root, $"optservice-mp-{Environment.ProcessId}-def456")).FullName;
            var unrelated = Directory.CreateDirectory(Path.Combine(root, "optservice-mp-notapid")).FullName;
            var other = Directory.CreateDirectory(Path.Combine(root, "something-else")).FullName;

            Assert.Equal(1, MpSolverProcess.RemoveLeftoverFolders(root));

            Assert.False(Directory.Exists(dead));
            Assert.True(Directory.Exists(mine));
            Assert.True(Directory.Exists(unrelated));
            Assert.True(Directory.Exists(other));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
