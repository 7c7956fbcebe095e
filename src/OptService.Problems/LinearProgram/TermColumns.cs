namespace OptService.Problems.LinearProgram;

/// <summary>
/// The column of each variable name: which variable a term names, and which variable first had a name. A model read
/// from JSON (<see cref="LinearProgramJsonReader"/>) numbered every name as it read it, variables' and terms' alike,
/// in its one <see cref="TermStore"/>: its columns are then found without hashing a name, by one array per store.
/// Other models (MPS, LP, built in code) and terms from elsewhere go through a dictionary of the variable names.
/// </summary>
internal sealed class TermColumns
{
    public const int Unknown = -1;

    private readonly IReadOnlyList<LpVariable> _variables;
    private readonly TermStore? _read;
    private readonly int[]? _readColumns;
    private Dictionary<string, int>? _index;
    private TermStore? _other;
    private int[] _otherColumns = [];

    private TermColumns(IReadOnlyList<LpVariable> variables, TermStore? read)
    {
        _variables = variables;
        // The numbers hold only while the variables are the ones read (a `with` may have replaced them).
        if (read?.VariableNameIds is not { } ids || !ReferenceEquals(read.Variables, variables)) return;
        _read = read;
        _readColumns = new int[read.Names.Length];
        Array.Fill(_readColumns, Unknown);
        for (var j = 0; j < ids.Length; j++)
            if (ids[j] >= 0 && _readColumns[ids[j]] == Unknown) _readColumns[ids[j]] = j;
    }

    public static TermColumns Of(LinearProgramProblem problem) => new(problem.Variables ?? [], problem.Store);

    /// <summary>The first variable named as variable <paramref name="j"/> is (<paramref name="j"/> itself if none before).</summary>
    public int FirstWithName(int j)
    {
        if (_readColumns is not null) return _read!.VariableNameIds![j] is >= 0 and var id ? _readColumns[id] : j;
        return _variables[j]?.Name is { } name ? Index().GetValueOrDefault(name, j) : j;
    }

    /// <summary>Per name number of the store of <paramref name="terms"/>, its column, or <see cref="Unknown"/>.</summary>
    public int[] ColumnOfName(LinearTerms terms)
    {
        if (_readColumns is not null && ReferenceEquals(terms.Store, _read)) return _readColumns;
        if (!ReferenceEquals(terms.Store, _other))
        {
            var index = Index();
            var names = terms.Store.Names;
            var columns = new int[names.Length];
            for (var id = 0; id < names.Length; id++) columns[id] = index.TryGetValue(names[id], out var j) ? j : Unknown;
            (_other, _otherColumns) = (terms.Store, columns);
        }
        return _otherColumns;
    }

    /// <summary>Variable name → its first column.</summary>
    private Dictionary<string, int> Index()
    {
        if (_index is not null) return _index;
        _index = new Dictionary<string, int>(_variables.Count, StringComparer.Ordinal);
        for (var j = 0; j < _variables.Count; j++)
            if (_variables[j]?.Name is { } name) _index.TryAdd(name, j);
        return _index;
    }
}
