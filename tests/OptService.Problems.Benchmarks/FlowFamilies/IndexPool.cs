namespace OptService.Problems.FlowFamilies;

/// <summary>
/// NETGEN's "index list": the integers first..last; <see cref="Take"/> removes and returns the k-th
/// one still present (1-based, ascending order). A Fenwick tree over presence flags answers the k-th
/// in O(log n), so choosing 50,000 chain nodes does not cost 50,000² element moves.
/// </summary>
internal sealed class IndexPool
{
    private readonly int _first, _size, _top;
    private readonly int[] _tree;

    public IndexPool(int first, int last)
    {
        _first = first;
        _size = Math.Max(0, last - first + 1);
        Count = _size;
        _tree = new int[_size + 1];
        for (var i = 1; i <= _size; i++)
        {
            _tree[i]++;
            var parent = i + (i & -i);
            if (parent <= _size) _tree[parent] += _tree[i];
        }
        _top = 1;
        while (_top * 2 <= _size) _top *= 2;
    }

    public int Count { get; private set; }

    public int Take(long k)
    {
        if (k < 1 || k > Count) throw new ArgumentOutOfRangeException(nameof(k));
        var position = 0;
        var rest = (int)k;
        for (var step = _top; step > 0; step /= 2)
        {
            var next = position + step;
            if (next <= _size && _tree[next] < rest)
            {
                position = next;
                rest -= _tree[next];
            }
        }
        position++; // the 1-based slot of the k-th present index
        for (var i = position; i <= _size; i += i & -i) _tree[i]--;
        Count--;
        return _first + position - 1;
    }
}
