using System.Text.Json;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// The terms of a model's linear expressions end to end in flat arrays (the rows of a CSR matrix: each
/// <see cref="LinearTerms"/> is a start and a count in here), with the names they use stored once each and referred
/// to by number. A model of 10⁶ nonzeros is then three arrays and one string per distinct name, instead of 10⁵
/// small arrays and 10⁶ string references for the garbage collector to copy from generation to generation.
/// </summary>
/// <remarks>
/// Built while a model is read (<see cref="Intern(ref Utf8JsonReader)"/>, <see cref="Add"/>), then
/// <see cref="Finish"/>ed: the arrays are cut to size and the name lookup is let go.
/// </remarks>
internal sealed class TermStore
{
    /// <summary>Escaped names of at most this many bytes are unescaped on the stack.</summary>
    private const int MaxStackNameBytes = 256;

    private NameTable? _table;
    private string[] _names;
    private int[] _nameIds;
    private double[] _coefficients;
    private int _count;

    /// <param name="capacity">Terms expected: the arrays double when it is passed, so a good guess saves copies.</param>
    public TermStore(int capacity)
    {
        capacity = Math.Max(capacity, 4);
        _table = new NameTable();
        _names = [];
        _nameIds = new int[capacity];
        _coefficients = new double[capacity];
    }

    /// <summary>A finished store of one expression (names may repeat; each term has its own name number).</summary>
    public TermStore(string[] names, double[] coefficients)
    {
        if (names.Length != coefficients.Length) throw new ArgumentException("one coefficient per name", nameof(coefficients));
        _names = names;
        _nameIds = new int[names.Length];
        for (var k = 0; k < _nameIds.Length; k++) _nameIds[k] = k;
        _coefficients = coefficients;
        _count = names.Length;
    }

    /// <summary>Distinct names, by number (after <see cref="Finish"/>).</summary>
    public string[] Names => _names;

    /// <summary>Per term, the number of its name in <see cref="Names"/> (the array may be longer than <see cref="Count"/>).</summary>
    public int[] NameIds => _nameIds;

    public double[] Coefficients => _coefficients;

    /// <summary>
    /// The variables read with these terms, and per variable the number of its name here (−1 for none): set by the
    /// reader, so that a term's variable is found by number (<see cref="TermColumns"/>).
    /// </summary>
    public IReadOnlyList<LpVariable>? Variables { get; private set; }

    public int[]? VariableNameIds { get; private set; }

    public void SetVariables(IReadOnlyList<LpVariable> variables, int[] nameIds) => (Variables, VariableNameIds) = (variables, nameIds);

    /// <summary>Terms so far.</summary>
    public int Count => _count;

    /// <summary>The number of the name at the reader (a property name or string, escapes undone); a new name gets the next one.</summary>
    /// <exception cref="InvalidOperationException">An escape makes no valid text (from the reader).</exception>
    /// <exception cref="System.Text.DecoderFallbackException">A new name is not valid UTF-8.</exception>
    public int Intern(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return _table!.Find(reader.ValueSpan);
        // Unescaped, a name is no longer than escaped.
        var buffer = reader.ValueSpan.Length <= MaxStackNameBytes ? stackalloc byte[MaxStackNameBytes] : new byte[reader.ValueSpan.Length];
        return _table!.Find(buffer[..reader.CopyString(buffer)]);
    }

    /// <summary>The one string of a name already interned.</summary>
    public string Name(int id) => _table is { } table ? table.Names[id] : _names[id];

    public void Add(int nameId, double coefficient)
    {
        if (_count == _nameIds.Length)
        {
            Array.Resize(ref _nameIds, _count * 2);
            Array.Resize(ref _coefficients, _count * 2);
        }
        _nameIds[_count] = nameId;
        _coefficients[_count++] = coefficient;
    }

    /// <summary>Cuts arrays that are less than half full to size and drops the lookup: the store is read-only from here on.</summary>
    public void Finish()
    {
        if (_table is null) return;
        // Slack of up to half is kept: cutting 10⁶ terms to size would copy them once more.
        if (_count < _nameIds.Length / 2)
        {
            _nameIds = _nameIds.AsSpan(0, _count).ToArray();
            _coefficients = _coefficients.AsSpan(0, _count).ToArray();
        }
        _names = _table.Names.AsSpan(0, _table.Count).ToArray();
        _table = null;
    }
}
