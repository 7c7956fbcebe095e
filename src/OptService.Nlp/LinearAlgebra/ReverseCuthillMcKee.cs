using System.Runtime.CompilerServices;
using OptService.Nlp.Reuse;

namespace OptService.Nlp.LinearAlgebra;

/// <summary>
/// Bandwidth-reducing ordering of a symmetric sparsity pattern: reverse Cuthill–McKee from a
/// pseudo-peripheral node (George–Liu), with "dense" nodes (far above the average degree, such as a
/// free final time that couples to every stage) moved to the end. With the dense nodes last the
/// envelope of a collocation KKT matrix is a band plus a few full trailing rows (an arrow), so its
/// size and the LDLᵀ work grow linearly with the number of stages.
/// </summary>
internal static class ReverseCuthillMcKee
{
    /// <summary>
    /// Returns perm with perm[newIndex] = oldIndex. Nodes from <paramref name="primalCount"/> on are the
    /// dual (constraint) nodes of a KKT matrix: each is moved just behind its last sparse primal neighbour,
    /// because eliminating a −δc pivot before its primal neighbours creates entries of size 1/δc whose
    /// later cancellation destroys the small primal pivots (and the inertia).
    /// </summary>
    public static int[] Order(int n, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, int primalCount = int.MaxValue) =>
        Order(n, [new PatternBlock(rows.ToArray(), columns.ToArray())], primalCount);

    /// <summary>The same for a pattern given in parts (entries in block order, as if concatenated).</summary>
    /// <remarks>With <paramref name="arrays"/> the returned order is rented for that solve, and the work arrays are given back before returning.</remarks>
    // Runs once per solve over millions of entries: tiered compilation would never promote it past
    // tier 0 with on-stack replacement, so it is compiled fully optimized from the start.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] Order(int n, ReadOnlySpan<PatternBlock> pattern, int primalCount = int.MaxValue, SolveArrays? arrays = null)
    {
        arrays ??= SolveArrays.Unpooled;
        var degree = arrays.Rent<int>(n);
        foreach (var (rows, columns, shift) in pattern)
        {
            for (var e = 0; e < rows.Length; e++)
            {
                int r = rows[e] + shift, c = columns[e];
                if (r == c) continue;
                degree[r]++;
                degree[c]++;
            }
        }
        var start = arrays.Rent<int>(n + 1);
        for (var i = 0; i < n; i++) start[i + 1] = start[i] + degree[i];
        var adjacency = arrays.Rent<int>(start[n], clear: false); // every slot is filled below
        var fill = arrays.Rent<int>(n + 1, clear: false);
        Array.Copy(start, fill, n + 1);
        foreach (var (rows, columns, shift) in pattern)
        {
            for (var e = 0; e < rows.Length; e++)
            {
                int r = rows[e] + shift, c = columns[e];
                if (r == c) continue;
                adjacency[fill[r]++] = c;
                adjacency[fill[c]++] = r;
            }
        }
        arrays.Release(fill);

        var averageDegree = n == 0 ? 0 : (double)start[n] / n;
        var denseThreshold = Math.Max(32, 10 * averageDegree);
        var dense = arrays.Rent<bool>(n);
        var denseNodes = new List<int>();
        for (var i = 0; i < n; i++)
        {
            if (degree[i] > denseThreshold)
            {
                dense[i] = true;
                denseNodes.Add(i);
            }
        }
        // Degrees without the dense nodes drive the sparse part of the ordering.
        var sparseDegree = arrays.Rent<int>(n);
        for (var i = 0; i < n; i++)
            for (var p = start[i]; p < start[i + 1]; p++)
                if (!dense[adjacency[p]]) sparseDegree[i]++;

        // Plain arrays, not lists: every node is placed once, so n entries hold the order, and one queue of n serves
        // every breadth-first search (at 50,000 intervals n = 350,000 and a growing list reallocates and copies).
        var order = arrays.Rent<int>(n);
        var count = 0;
        var visited = arrays.Rent<bool>(n, clear: false);
        Array.Copy(dense, visited, n);
        var level = arrays.Rent<int>(n); // zero: the searches' marks start cleared
        var queue = arrays.Rent<int>(n);
        // Unvisited neighbours keyed (sparse degree, index) in one long: sorted without a comparison delegate,
        // into the same order as sorting by degree with ties by index.
        var neighbours = new List<long>();
        for (var seed = 0; seed < n; seed++)
        {
            if (visited[seed]) continue;
            var root = PseudoPeripheral(seed, start, adjacency, dense, sparseDegree, level, queue);
            var head = count;
            order[count++] = root;
            visited[root] = true;
            while (head < count)
            {
                var node = order[head++];
                neighbours.Clear();
                for (var p = start[node]; p < start[node + 1]; p++)
                {
                    var next = adjacency[p];
                    if (visited[next]) continue;
                    visited[next] = true;
                    neighbours.Add(((long)sparseDegree[next] << 32) | (uint)next);
                }
                neighbours.Sort();
                foreach (var key in neighbours) order[count++] = (int)(key & uint.MaxValue);
            }
        }
        Array.Reverse(order, 0, count);
        if (primalCount < n)
        {
            var position = level; // free again: every search has reset its marks
            for (var p = 0; p < count; p++) position[order[p]] = p;
            // Sort key 2·position (a dual node: 2·(position of its last sparse primal neighbour) + 1 if
            // that is later), ties by position: one distinct long per node, so an unstable sort is exact.
            var key = arrays.Rent<long>(count, clear: false); // every key is written below
            for (var p = 0; p < count; p++)
            {
                var node = order[p];
                long k = 2L * p;
                if (node >= primalCount)
                {
                    for (var q = start[node]; q < start[node + 1]; q++)
                    {
                        var next = adjacency[q];
                        if (next < primalCount && !dense[next]) k = Math.Max(k, 2L * position[next] + 1);
                    }
                }
                key[p] = k * count + p;
            }
            Array.Sort(key, order, 0, count);
            arrays.Release(key);
        }
        denseNodes.Sort((a, b) => degree[a].CompareTo(degree[b]));
        foreach (var node in denseNodes) order[count++] = node;
        arrays.Release(degree);
        arrays.Release(start);
        arrays.Release(adjacency);
        arrays.Release(dense);
        arrays.Release(sparseDegree);
        arrays.Release(visited);
        arrays.Release(level);
        arrays.Release(queue);
        return order;
    }

    /// <summary>George–Liu: repeat BFS from a minimum-degree node of the last level while the eccentricity grows.</summary>
    private static int PseudoPeripheral(int seed, int[] start, int[] adjacency, bool[] dense, int[] degree, int[] level, int[] queue)
    {
        var root = seed;
        var eccentricity = -1;
        var length = 0;
        // level[node] = BFS depth + 1 in this round, 0 = not reached (reset through the queue after each round).
        var marks = level;
        for (var round = 0; round < 8; round++)
        {
            for (var q = 0; q < length; q++) marks[queue[q]] = 0;
            length = 0;
            queue[length++] = root;
            marks[root] = 1;
            var head = 0;
            var depth = 0;
            while (head < length)
            {
                var node = queue[head++];
                depth = marks[node] - 1;
                for (var p = start[node]; p < start[node + 1]; p++)
                {
                    var next = adjacency[p];
                    if (dense[next] || marks[next] != 0) continue;
                    marks[next] = depth + 2;
                    queue[length++] = next;
                }
            }
            if (depth <= eccentricity) break;
            eccentricity = depth;
            var best = root;
            var bestDegree = int.MaxValue;
            for (var q = 0; q < length; q++)
            {
                var node = queue[q];
                if (marks[node] - 1 == depth && degree[node] < bestDegree)
                {
                    best = node;
                    bestDegree = degree[node];
                }
            }
            if (best == root) break;
            root = best;
        }
        for (var q = 0; q < length; q++) marks[queue[q]] = 0;
        return root;
    }
}
