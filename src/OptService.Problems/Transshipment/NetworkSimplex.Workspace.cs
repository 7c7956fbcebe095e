namespace OptService.Problems.Transshipment;

internal sealed partial class NetworkSimplex
{
    /// <summary>
    /// Gives this solve's arrays to the next one (call after the last <see cref="Flow"/>; the simplex is unusable after).
    /// </summary>
    /// <remarks>
    /// Why: on this project's 2-core VM a page of memory touched for the first time costs 10–25 µs (a fault the host
    /// serves), against nanoseconds for one already in use; fresh arrays for 500,000 arcs are 6,000 such pages, 20 MB a
    /// solve. The service solves one network after another, so one workspace kept between solves saves them all.
    /// </remarks>
    public void Release() => Workspace.Keep(_workspace);

    /// <summary>The simplex's arrays, kept between solves (one set, the last released, if not too large).</summary>
    private sealed class Workspace
    {
        /// <summary>Larger workspaces are not kept: what an idle worker holds stays small.</summary>
        private const long MaxKeptBytes = 128L << 20;

        private static Workspace? _kept;

        public int[] Source = [], Target = [], Position = [];
        public long[] Cap = [], Cost = [], Flow = [];
        public sbyte[] State = [];
        public long[] Pi = [];
        public sbyte[] PredDir = [];
        public int[] Parent = [], Pred = [], Thread = [], RevThread = [], SuccNum = [], LastSucc = [];

        /// <summary>The arrays indexed by (internal) arc, and those indexed by node; <see cref="Position"/> by input arc.</summary>
        private Array[] ArcArrays => [Source, Target, Cap, Cost, Flow, State];
        private Array[] NodeArrays => [Pi, PredDir, Parent, Pred, Thread, RevThread, SuccNum, LastSucc];

        private long Bytes => ArcArrays.Concat(NodeArrays).Append(Position).Sum(array => (long)Buffer.ByteLength(array));

        /// <summary>
        /// Arrays of at least these lengths, zero over those lengths as new arrays would be: the kept workspace when it is
        /// large enough (and nobody else took it), else new arrays.
        /// </summary>
        public static Workspace Take(int arcs, int inputArcs, int nodes)
        {
            var kept = Interlocked.Exchange(ref _kept, null);
            if (kept is null || kept.Source.Length < arcs || kept.Position.Length < inputArcs || kept.Pi.Length < nodes)
                return new Workspace(arcs, inputArcs, nodes);
            kept.Clear(arcs, inputArcs, nodes);
            return kept;
        }

        public static void Keep(Workspace workspace)
        {
            if (workspace.Bytes > MaxKeptBytes) return;
            // Another solve's may be there already: keep the larger, which serves more networks.
            var kept = Volatile.Read(ref _kept);
            if (kept is null || kept.Bytes < workspace.Bytes) Interlocked.CompareExchange(ref _kept, workspace, kept);
        }

        private Workspace(int arcs, int inputArcs, int nodes)
        {
            (Source, Target, Cap, Cost, Flow, State) = (new int[arcs], new int[arcs], new long[arcs], new long[arcs], new long[arcs], new sbyte[arcs]);
            Position = new int[inputArcs];
            (Pi, PredDir, Parent, Pred) = (new long[nodes], new sbyte[nodes], new int[nodes], new int[nodes]);
            (Thread, RevThread, SuccNum, LastSucc) = (new int[nodes], new int[nodes], new int[nodes], new int[nodes]);
        }

        private void Clear(int arcs, int inputArcs, int nodes)
        {
            foreach (var array in ArcArrays) Array.Clear(array, 0, arcs);
            Array.Clear(Position, 0, inputArcs);
            foreach (var array in NodeArrays) Array.Clear(array, 0, nodes);
        }
    }
}
