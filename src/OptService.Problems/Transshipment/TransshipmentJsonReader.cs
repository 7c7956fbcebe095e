using System.Text;
using System.Text.Json;
using OptService.Kinds;
using OptService.Problems.LinearProgram;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Reads a valid transshipment network in one forward pass over its UTF-8 bytes, straight into the arrays of a
/// <see cref="FlowNetwork"/>: node ids numbered once (<see cref="NameTable"/>, looked up from the bytes, no string per
/// arc), each node and arc checked as <see cref="TransshipmentValidation"/> checks it, no record per node or arc.
/// The problem it returns lists its nodes and arcs as views of those arrays (<see cref="NetworkNodeList"/>,
/// <see cref="NetworkArcList"/>), so the solve builds nothing again.
/// <para>
/// It is the fast path only. On anything it does not take as plainly valid — a syntax error, a field name in another
/// case, an unknown or repeated field, a missing or null one, a bad value, an escaped id, <c>arcs</c> before
/// <c>nodes</c> — it gives up (<see cref="TryRead"/> returns false), and the kind reads the body again with
/// System.Text.Json and validates the records (the path it always had), so that every error keeps its JSON path and
/// its wording. The fast path costs a bad body one extra partial pass.
/// </para>
/// </summary>
internal ref struct TransshipmentJsonReader
{
    private Utf8JsonReader _reader;
    private readonly NameTable _ids = new();
    private double[] _supply = [];
    private double[] _demand = [];
    private int _nodeCount;
    private int[] _tail = [];
    private int[] _head = [];
    private double[] _cost = [];
    private double[] _min = [];
    private double[] _max = [];
    private int _arcCount;

    /// <summary>The objects in the body: the root, the nodes, the arcs and the options (more only if ids hold braces).</summary>
    private readonly int _objects;

    /// <summary>
    /// The most arcs the body can hold: the shortest arc, <c>{"from":"a","to":"b","cost":1},</c>, takes 30 bytes. A name
    /// full of braces must not size the arrays (a 100 MB body of them would have asked for 3 GB).
    /// </summary>
    private readonly int _mostArcs;

    private TransshipmentJsonReader(ReadOnlySpan<byte> utf8Json)
    {
        _reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            MaxDepth = JobJson.Options.MaxDepth,
            CommentHandling = JobJson.Options.ReadCommentHandling,
            AllowTrailingCommas = JobJson.Options.AllowTrailingCommas,
        });
        // Counted once (vectorized, a few ms for 30 MB) to size the arc arrays exactly: a guess from the length left them
        // a third too long, and the problem's arrays were copies of their used parts (16 MB more at 500,000 arcs).
        _objects = utf8Json.Count((byte)'{');
        _mostArcs = Math.Min(utf8Json.Length / 30, 1 << 22);
    }

    /// <summary>
    /// The problem in <paramref name="utf8Json"/> when it is a valid network in the plain form (see the class); false
    /// for anything else, which the caller reads and validates the general way.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8Json, out TransshipmentProblem? problem)
    {
        try
        {
            problem = new TransshipmentJsonReader(utf8Json).ReadProblem();
        }
        catch (Exception exception) when (exception is JsonException or DecoderFallbackException or InvalidOperationException or NotSupportedException)
        {
            problem = null;
        }
        return problem is not null;
    }

    private TransshipmentProblem? ReadProblem()
    {
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.StartObject) return null;
        string? name = null;
        bool? integerFlows = null;
        TransshipmentOptions? options = null;
        bool nodes = false, arcs = false, named = false, hasOptions = false;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (_reader.ValueTextEquals("nodes"u8) && !nodes)
            {
                if (!_reader.Read() || !ReadNodes()) return null;
                nodes = true;
            }
            else if (_reader.ValueTextEquals("arcs"u8) && !arcs)
            {
                // The arcs name nodes: read before the nodes (valid, but unusual), they go the general way.
                if (!nodes || !_reader.Read() || !ReadArcs()) return null;
                arcs = true;
            }
            else if (_reader.ValueTextEquals("name"u8) && !named)
            {
                _reader.Read();
                if (_reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) return null;
                name = _reader.GetString();
                if (name is { Length: > TransshipmentLimits.MaxNameLength }) return null;
                named = true;
            }
            else if (_reader.ValueTextEquals("integerFlows"u8) && integerFlows is null)
            {
                _reader.Read();
                if (_reader.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return null;
                integerFlows = _reader.GetBoolean();
            }
            else if (_reader.ValueTextEquals("options"u8) && !hasOptions)
            {
                // Small and rare: System.Text.Json reads it (enum names, its own checks); a fault throws a JsonException.
                _reader.Read();
                options = JsonSerializer.Deserialize<TransshipmentOptions>(ref _reader, JobJson.Options);
                hasOptions = true;
            }
            else return null;
        }
        if (_reader.TokenType != JsonTokenType.EndObject || !nodes || !arcs) return null;
        if (_reader.Read()) return null; // anything after the object (a syntax error throws, also going the general way)

        var network = new FlowNetwork
        {
            NodeIds = _ids.Names[.._nodeCount], Supply = _supply[.._nodeCount], Demand = _demand[.._nodeCount],
            Tail = Used(_tail, _arcCount), Head = Used(_head, _arcCount), Cost = Used(_cost, _arcCount),
            MinFlow = Used(_min, _arcCount), MaxFlow = Used(_max, _arcCount),
            IntegerFlows = integerFlows ?? true, Name = name,
        };
        return new TransshipmentProblem
        {
            Name = name, Nodes = new NetworkNodeList(network), Arcs = new NetworkArcList(network),
            IntegerFlows = integerFlows ?? true, Options = options,
        };
    }

    private bool ReadNodes()
    {
        if (_reader.TokenType != JsonTokenType.StartArray) return false;
        var capacity = 1024;
        (_supply, _demand) = (new double[capacity], new double[capacity]);
        while (_reader.Read() && _reader.TokenType == JsonTokenType.StartObject)
        {
            if (_nodeCount == _supply.Length)
            {
                Array.Resize(ref _supply, _supply.Length * 2);
                Array.Resize(ref _demand, _demand.Length * 2);
            }
            if (!ReadNode()) return false;
            _nodeCount++;
        }
        return _reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>One node: a new id that is not blank and not too long; supply and demand quantities.</summary>
    private bool ReadNode()
    {
        double supply = 0, demand = 0;
        bool id = false, hasSupply = false, hasDemand = false;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (_reader.ValueTextEquals("id"u8) && !id)
            {
                if (!_reader.Read() || _reader.TokenType != JsonTokenType.String || _reader.ValueIsEscaped) return false;
                // A repeated id is numbered as the earlier node.
                if (_ids.Find(_reader.ValueSpan) != _nodeCount) return false;
                var text = _ids.Names[_nodeCount];
                if (string.IsNullOrWhiteSpace(text) || text.Length > TransshipmentLimits.MaxIdLength) return false;
                id = true;
            }
            else if (_reader.ValueTextEquals("supply"u8) && !hasSupply)
            {
                if (!ReadQuantity(out supply)) return false;
                hasSupply = true;
            }
            else if (_reader.ValueTextEquals("demand"u8) && !hasDemand)
            {
                if (!ReadQuantity(out demand)) return false;
                hasDemand = true;
            }
            else return false;
        }
        (_supply[_nodeCount], _demand[_nodeCount]) = (supply, demand);
        return id && _reader.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>The first <paramref name="count"/> items: the array itself when they are all of it.</summary>
    private static T[] Used<T>(T[] items, int count) => count == items.Length ? items : items[..count];

    private bool ReadArcs()
    {
        if (_reader.TokenType != JsonTokenType.StartArray) return false;
        // The nodes are read (the arcs name them): every other object but the root is an arc or the options.
        // Beyond 4 million (or a body that cannot hold that many) the arrays grow by doubling as they fill.
        var arcs = Math.Clamp(_objects - 1 - _nodeCount, 16, Math.Max(16, _mostArcs));
        (_tail, _head, _cost, _min, _max) = (new int[arcs], new int[arcs], new double[arcs], new double[arcs], new double[arcs]);
        while (_reader.Read() && _reader.TokenType == JsonTokenType.StartObject)
        {
            if (_arcCount == _tail.Length) GrowArcs();
            if (!ReadArc()) return false;
            _arcCount++;
        }
        return _reader.TokenType == JsonTokenType.EndArray;
    }

    /// <summary>One arc: from and to known and different nodes, a finite cost, flow bounds with min ≤ max.</summary>
    private bool ReadArc()
    {
        int from = -1, to = -1;
        double cost = 0, min = 0, max = double.PositiveInfinity;
        bool hasCost = false, hasMin = false, hasMax = false;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            if (_reader.ValueTextEquals("from"u8) && from < 0)
            {
                if ((from = ReadNodeReference()) < 0) return false;
            }
            else if (_reader.ValueTextEquals("to"u8) && to < 0)
            {
                if ((to = ReadNodeReference()) < 0) return false;
            }
            else if (_reader.ValueTextEquals("cost"u8) && !hasCost)
            {
                if (!_reader.Read() || !LinearProgramJsonReader.TryGetFinite(ref _reader, out cost)
                    || Math.Abs(cost) > TransshipmentLimits.MaxMagnitude) return false;
                hasCost = true;
            }
            else if (_reader.ValueTextEquals("minFlow"u8) && !hasMin)
            {
                if (!ReadQuantity(out min)) return false;
                hasMin = true;
            }
            else if (_reader.ValueTextEquals("maxFlow"u8) && !hasMax)
            {
                // null is the default: no upper bound.
                if (!_reader.Read()) return false;
                if (_reader.TokenType != JsonTokenType.Null && !IsQuantity(out max)) return false;
                hasMax = true;
            }
            else return false;
        }
        if (from < 0 || to < 0 || from == to || !hasCost || min > max || _reader.TokenType != JsonTokenType.EndObject) return false;
        (_tail[_arcCount], _head[_arcCount], _cost[_arcCount], _min[_arcCount], _max[_arcCount]) = (from, to, cost, min, max);
        return true;
    }

    /// <summary>The number of a node named by the next value, or -1 when it is not the plain id of a node.</summary>
    private int ReadNodeReference()
    {
        if (!_reader.Read() || _reader.TokenType != JsonTokenType.String || _reader.ValueIsEscaped) return -1;
        // An unknown name is added past the nodes (and the read given up).
        var number = _ids.Find(_reader.ValueSpan);
        return number < _nodeCount ? number : -1;
    }

    private bool ReadQuantity(out double value)
    {
        value = 0;
        return _reader.Read() && IsQuantity(out value);
    }

    /// <summary>A supply, demand or flow bound as <see cref="TransshipmentValidation"/> accepts it: finite, ≥ 0, not absurdly large.</summary>
    private bool IsQuantity(out double value) =>
        LinearProgramJsonReader.TryGetFinite(ref _reader, out value) && value >= 0 && value <= TransshipmentLimits.MaxMagnitude;

    private void GrowArcs()
    {
        var size = _tail.Length * 2;
        Array.Resize(ref _tail, size);
        Array.Resize(ref _head, size);
        Array.Resize(ref _cost, size);
        Array.Resize(ref _min, size);
        Array.Resize(ref _max, size);
    }
}
