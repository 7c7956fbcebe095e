using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Reads fixed and free MPS into a <see cref="LinearProgramProblem"/>. Fields are separated by white
/// space, so names may hold any punctuation but no spaces (true of every public test set). Conventions
/// (CPLEX, Gurobi, CBC): the first N row is the objective and later N rows are dropped; a right-hand side
/// on the objective row is minus a constant term of the objective; a RANGES entry R makes an L row
/// [rhs − |R|, rhs], a G row [rhs, rhs + |R|] and an E row [rhs, rhs + R] or [rhs + R, rhs] by the sign of
/// R; UP with a negative value on a column whose lower bound is still the default 0 makes the lower
/// bound −∞; integer columns (MARKER INTORG … INTEND) without bounds are [0, +∞); only the first RHS,
/// RANGES and BOUNDS set is read. SC (semi-continuous) bounds, SOS and quadratic sections are refused.
/// The size limits (<see cref="LinearProgramLimits"/>) are checked line by line: reading stops at the line that
/// passes one, so a hostile file cannot make the reader allocate past them.
/// </summary>
internal sealed class MpsReader
{
    private enum Section { None, Name, ObjSense, Rows, Columns, Rhs, Ranges, Bounds, End }

    private enum RowKind { Objective, Dropped, Less, Greater, Equal }

    private readonly LinearProgramLimits _limits;
    private readonly List<FieldError> _errors = [];
    private readonly Dictionary<string, int> _rowIndex = new(StringComparer.Ordinal);
    private readonly List<string> _rowNames = [];
    private readonly List<RowKind> _rowKinds = [];
    private readonly List<double> _rhs = [];
    private readonly List<double?> _range = [];
    private readonly List<int> _rowStamp = []; // column index + 1 of the last entry in each row: finds duplicates
    private readonly Dictionary<string, int> _columnIndex = new(StringComparer.Ordinal);
    private readonly List<ColumnData> _columns = [];
    private string? _name;
    private bool _maximize;
    private double _objectiveRhs;
    private string? _rhsSet, _rangeSet, _boundSet;
    private bool _integerBlock;
    private int _lineNumber;
    private long _nonzeros; // stored coefficients: constraint entries and objective costs
    private bool _overLimit;

    private MpsReader(LinearProgramLimits limits) => _limits = limits;

    private sealed class ColumnData(string name, bool integer)
    {
        public string Name { get; } = name;
        public bool Integer { get; set; } = integer;
        public double Lower { get; set; }
        public double Upper { get; set; } = double.PositiveInfinity;
        public bool LowerSet { get; set; }
        public bool UpperSet { get; set; }
        public double Cost { get; set; }
        public List<(int Row, double Value)> Entries { get; } = [];
    }

    public static (LinearProgramProblem? Problem, IReadOnlyList<FieldError> Errors) Read(
        string text, LinearProgramOptions? options = null, LinearProgramLimits? limits = null)
    {
        var reader = new MpsReader(limits ?? new LinearProgramLimits());
        return reader.Parse(text, options);
    }

    private (LinearProgramProblem?, IReadOnlyList<FieldError>) Parse(string text, LinearProgramOptions? options)
    {
        var section = Section.None;
        var sawEnd = false;
        var lastContentLine = 1;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            _lineNumber++;
            if (_errors.Count > FieldError.MaxReported || _overLimit) break;
            var line = rawLine.TrimEnd();
            if (line.IsEmpty || line[0] == '*' || line.TrimStart().IsEmpty) continue;
            lastContentLine = _lineNumber;
            if (sawEnd)
            {
                // Anything but comments after ENDATA is a second model or a damaged file, not something to ignore.
                Error("text after ENDATA");
                break;
            }
            var fields = Split(line);
            if (fields.Length > 0 && fields[0].StartsWith('$')) continue; // free-MPS comment line
            if (!char.IsWhiteSpace(line[0]))
            {
                section = StartSection(fields, section);
                if (section == Section.End) sawEnd = true;
                continue;
            }
            switch (section)
            {
                case Section.ObjSense: ReadObjSense(fields[0]); break;
                case Section.Rows: ReadRow(fields); break;
                case Section.Columns: ReadColumn(fields); break;
                case Section.Rhs: ReadRhs(fields); break;
                case Section.Ranges: ReadRange(fields); break;
                case Section.Bounds: ReadBound(fields); break;
                case Section.Name: Error("data after NAME: expected a section header such as ROWS"); break;
                default: Error("data before the first section (ROWS, COLUMNS, ...)"); break;
            }
        }
        if (_overLimit) return (null, _errors);
        _lineNumber = lastContentLine; // end-of-file errors name the last line with content
        if (!sawEnd && _errors.Count == 0) Error("the file ends without ENDATA (truncated?)");
        if (_rowKinds.IndexOf(RowKind.Objective) < 0 && _errors.Count == 0 && _columns.Count > 0)
            Error("no N row in ROWS: the model has no objective row");
        return _errors.Count > 0 ? (null, _errors) : (Assemble(options), []);
    }

    private Section StartSection(string[] fields, Section current)
    {
        var header = fields[0].ToUpperInvariant();
        switch (header)
        {
            case "NAME":
                _name = fields.Length > 1 ? string.Join(' ', fields[1..]) : null;
                return Section.Name;
            case "OBJSENSE":
                if (fields.Length > 1) { ReadObjSense(fields[1]); return Section.Name; }
                return Section.ObjSense;
            case "OBJSENCE": return Section.ObjSense;
            case "ROWS": return Section.Rows;
            case "COLUMNS": return Section.Columns;
            case "RHS": return Section.Rhs;
            case "RANGES": return Section.Ranges;
            case "BOUNDS": return Section.Bounds;
            case "ENDATA": return Section.End;
            case "SOS":
                Error("SOS constraints are not supported");
                return current;
            case "QUADOBJ" or "QMATRIX" or "QSECTION" or "QCMATRIX":
                Error($"{header}: quadratic terms are not supported (linear and mixed-integer programs only)");
                return current;
            case "INDICATORS" or "LAZYCONS" or "USERCUTS" or "GENCONS" or "PWLOBJ" or "CSECTION":
                Error($"{header}: this section is not supported");
                return current;
            default:
                Error($"unknown section '{Clip(fields[0])}' (expected NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS or ENDATA; data lines start with a space)");
                return current;
        }
    }

    private void ReadObjSense(string value)
    {
        switch (value.ToUpperInvariant())
        {
            case "MAX" or "MAXIMIZE": _maximize = true; break;
            case "MIN" or "MINIMIZE": _maximize = false; break;
            default: Error($"OBJSENSE must be MIN or MAX, not '{Clip(value)}'"); break;
        }
    }

    private void ReadRow(string[] fields)
    {
        if (fields.Length != 2) { Error("a ROWS line is a type (N, L, G or E) and a row name"); return; }
        RowKind kind;
        switch (fields[0].ToUpperInvariant())
        {
            case "N": kind = _rowKinds.Contains(RowKind.Objective) ? RowKind.Dropped : RowKind.Objective; break;
            case "L": kind = RowKind.Less; break;
            case "G": kind = RowKind.Greater; break;
            case "E": kind = RowKind.Equal; break;
            default: Error($"row type '{Clip(fields[0])}' is not N, L, G or E"); return;
        }
        // Every row but the objective counts, dropped N rows too: they cost as much memory as constraints.
        if (kind != RowKind.Objective && _rowNames.Count - (_rowKinds.Contains(RowKind.Objective) ? 1 : 0) >= _limits.MaxConstraints)
        {
            OverLimit("rows besides the objective", _limits.MaxConstraints, "MaxConstraints");
            return;
        }
        if (!_rowIndex.TryAdd(fields[1], _rowNames.Count)) { Error($"row '{Clip(fields[1])}' is declared twice"); return; }
        _rowNames.Add(fields[1]);
        _rowKinds.Add(kind);
        _rhs.Add(0);
        _range.Add(null);
        _rowStamp.Add(0);
    }

    private void ReadColumn(string[] fields)
    {
        if (fields.Length >= 3 && IsQuoted(fields[1], "MARKER"))
        {
            if (IsQuoted(fields[2], "INTORG")) _integerBlock = true;
            else if (IsQuoted(fields[2], "INTEND")) _integerBlock = false;
            else Error($"MARKER must be 'INTORG' or 'INTEND', not {Clip(fields[2])}");
            return;
        }
        if (fields.Length is not (3 or 5)) { Error("a COLUMNS line is a column name and one or two (row name, value) pairs"); return; }
        if (!_columnIndex.TryGetValue(fields[0], out var j))
        {
            if (_columns.Count >= _limits.MaxVariables) { OverLimit("columns", _limits.MaxVariables, "MaxVariables"); return; }
            j = _columns.Count;
            _columnIndex[fields[0]] = j;
            _columns.Add(new ColumnData(fields[0], _integerBlock));
        }
        var column = _columns[j];
        for (var f = 1; f + 1 < fields.Length; f += 2)
        {
            if (!_rowIndex.TryGetValue(fields[f], out var row)) { Error($"row '{Clip(fields[f])}' is not declared in ROWS"); continue; }
            if (!TryNumber(fields[f + 1], out var value)) continue;
            if (value != 0 && _rowKinds[row] != RowKind.Dropped && ++_nonzeros > _limits.MaxNonzeros)
            {
                OverLimit("nonzero coefficients", _limits.MaxNonzeros, "MaxNonzeros");
                return;
            }
            switch (_rowKinds[row])
            {
                case RowKind.Objective: column.Cost += value; break;
                case RowKind.Dropped: break;
                default:
                    if (_rowStamp[row] == j + 1)
                        Error($"column '{Clip(column.Name)}' has two entries in row '{Clip(fields[f])}'");
                    else
                    {
                        _rowStamp[row] = j + 1;
                        if (value != 0) column.Entries.Add((row, value));
                    }
                    break;
            }
        }
    }

    private void ReadRhs(string[] fields)
    {
        if (!TakeSet(fields, ref _rhsSet, out var pairs)) return;
        for (var f = 0; f + 1 < pairs.Length; f += 2)
        {
            if (!_rowIndex.TryGetValue(pairs[f], out var row)) { Error($"row '{Clip(pairs[f])}' is not declared in ROWS"); continue; }
            if (!TryNumber(pairs[f + 1], out var value)) continue;
            // On the objective row: minus a constant term of the objective (CPLEX, Gurobi, CBC).
            if (_rowKinds[row] == RowKind.Objective) _objectiveRhs = value;
            else _rhs[row] = value;
        }
    }

    private void ReadRange(string[] fields)
    {
        if (!TakeSet(fields, ref _rangeSet, out var pairs)) return;
        for (var f = 0; f + 1 < pairs.Length; f += 2)
        {
            if (!_rowIndex.TryGetValue(pairs[f], out var row)) { Error($"row '{Clip(pairs[f])}' is not declared in ROWS"); continue; }
            if (!TryNumber(pairs[f + 1], out var value)) continue;
            if (_rowKinds[row] is RowKind.Objective or RowKind.Dropped) { Error($"row '{Clip(pairs[f])}' is an N row: it takes no range"); continue; }
            _range[row] = value;
        }
    }

    /// <summary>RHS and RANGES lines: an optional set name, then (row, value) pairs. Lines of later sets are skipped.</summary>
    private bool TakeSet(string[] fields, ref string? firstSet, out string[] pairs)
    {
        pairs = [];
        if (fields.Length is < 2 or > 5) { Error("expected an optional set name and one or two (row name, value) pairs"); return false; }
        string set = "";
        pairs = fields;
        if (fields.Length % 2 == 1)
        {
            set = fields[0];
            pairs = fields[1..];
        }
        firstSet ??= set;
        return set == firstSet;
    }

    private void ReadBound(string[] fields)
    {
        if (fields.Length < 2) { Error("a BOUNDS line is a type, an optional set name, a column name and (for most types) a value"); return; }
        var type = fields[0].ToUpperInvariant();
        var needsValue = type is "UP" or "LO" or "FX" or "LI" or "UI" or "SC";
        var optionalValue = type is "FR" or "MI" or "PL" or "BV";
        if (!needsValue && !optionalValue) { Error($"bound type '{Clip(fields[0])}' is not UP, LO, FX, FR, MI, PL, BV, LI, UI or SC"); return; }
        if (type == "SC") { Error("SC (semi-continuous) bounds are not supported"); return; }
        // Fields after the type: [set] column [value]. Count decides whether a set name is there.
        var rest = fields[1..];
        string set, columnName;
        string? valueText = null;
        if (needsValue)
        {
            if (rest.Length == 3) (set, columnName, valueText) = (rest[0], rest[1], rest[2]);
            else if (rest.Length == 2) (set, columnName, valueText) = ("", rest[0], rest[1]);
            else { Error($"a {type} bound needs a column name and a value"); return; }
        }
        else
        {
            if (rest.Length == 3) (set, columnName, valueText) = (rest[0], rest[1], rest[2]);
            else if (rest.Length == 2) (set, columnName) = (rest[0], rest[1]);
            else if (rest.Length == 1) (set, columnName) = ("", rest[0]);
            else { Error($"a {type} bound needs a column name"); return; }
        }
        _boundSet ??= set;
        if (set != _boundSet) return;
        if (!_columnIndex.TryGetValue(columnName, out var j)) { Error($"column '{Clip(columnName)}' does not appear in COLUMNS"); return; }
        double value = 0;
        if (valueText is not null && !TryNumber(valueText, out value)) return;
        var column = _columns[j];
        switch (type)
        {
            case "UP" or "UI":
                column.Upper = value;
                column.UpperSet = true;
                // CPLEX: a negative upper bound with the lower bound still at its default 0 makes it −∞.
                if (value < 0 && !column.LowerSet) column.Lower = double.NegativeInfinity;
                if (type == "UI") column.Integer = true;
                break;
            case "LO" or "LI":
                column.Lower = value;
                column.LowerSet = true;
                if (type == "LI") column.Integer = true;
                break;
            case "FX":
                (column.Lower, column.Upper) = (value, value);
                column.LowerSet = column.UpperSet = true;
                break;
            case "FR":
                (column.Lower, column.Upper) = (double.NegativeInfinity, double.PositiveInfinity);
                column.LowerSet = column.UpperSet = true;
                break;
            case "MI":
                column.Lower = double.NegativeInfinity;
                column.LowerSet = true;
                break;
            case "PL":
                column.Upper = double.PositiveInfinity;
                column.UpperSet = true;
                break;
            case "BV":
                (column.Lower, column.Upper, column.Integer) = (0, 1, true);
                column.LowerSet = column.UpperSet = true;
                break;
        }
    }

    private LinearProgramProblem Assemble(LinearProgramOptions? options)
    {
        var rowTerms = new List<(int Column, double Value)>?[_rowNames.Count];
        for (var j = 0; j < _columns.Count; j++)
            foreach (var (row, value) in _columns[j].Entries)
                (rowTerms[row] ??= []).Add((j, value));

        var constraints = new List<LpConstraint>(_rowNames.Count);
        for (var i = 0; i < _rowNames.Count; i++)
        {
            var kind = _rowKinds[i];
            if (kind is RowKind.Objective or RowKind.Dropped) continue;
            var (lower, upper) = RowBounds(kind, _rhs[i], _range[i]);
            var terms = rowTerms[i] ?? [];
            constraints.Add(new LpConstraint
            {
                Name = _rowNames[i],
                Terms = new LinearTerms([.. terms.Select(t => _columns[t.Column].Name)], [.. terms.Select(t => t.Value)]),
                Lower = LowerForJson(lower),
                Upper = UpperForJson(upper),
            });
        }
        var variables = _columns.Select(c => new LpVariable
        {
            Name = c.Name,
            Lower = LowerForJson(c.Lower),
            Upper = UpperForJson(c.Upper),
            Integer = c.Integer,
        }).ToList();
        var costs = _columns.Where(c => c.Cost != 0).ToList();
        return new LinearProgramProblem
        {
            Name = _name,
            Variables = variables,
            Constraints = constraints,
            Objective = new LpObjective
            {
                Sense = _maximize ? ObjectiveSense.Maximize : ObjectiveSense.Minimize,
                Terms = new LinearTerms([.. costs.Select(c => c.Name)], [.. costs.Select(c => c.Cost)]),
                Offset = _objectiveRhs == 0 || !double.IsFinite(_objectiveRhs) ? 0 : -_objectiveRhs,
            },
            Options = options,
        };
    }

    /// <summary>JSON has no infinity: an infinite lower bound is absent, +∞ (an impossible lower bound) is 1e30, read back as +∞.</summary>
    private static double? LowerForJson(double? value) => value switch
    {
        null or double.NegativeInfinity => null,
        double.PositiveInfinity => LinearModel.Infinity,
        _ => value,
    };

    private static double? UpperForJson(double? value) => value switch
    {
        null or double.PositiveInfinity => null,
        double.NegativeInfinity => -LinearModel.Infinity,
        _ => value,
    };

    private static (double? Lower, double? Upper) RowBounds(RowKind kind, double rhs, double? range) => (kind, range) switch
    {
        (RowKind.Less, null) => (null, rhs),
        (RowKind.Greater, null) => (rhs, null),
        (RowKind.Equal, null) => (rhs, rhs),
        (RowKind.Less, { } r) => (rhs - Math.Abs(r), rhs),
        (RowKind.Greater, { } r) => (rhs, rhs + Math.Abs(r)),
        (RowKind.Equal, { } r) => r >= 0 ? (rhs, rhs + r) : (rhs + r, rhs),
        _ => (null, null),
    };

    private bool TryNumber(string text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value))
        {
            if (value >= LinearModel.Infinity) value = double.PositiveInfinity;
            else if (value <= -LinearModel.Infinity) value = double.NegativeInfinity;
            return true;
        }
        Error($"'{Clip(text)}' is not a number");
        return false;
    }

    private static bool IsQuoted(string field, string word) =>
        field.Trim('\'', '"').Equals(word, StringComparison.OrdinalIgnoreCase);

    private static string[] Split(ReadOnlySpan<char> line)
    {
        var parts = new List<string>(6);
        var i = 0;
        while (i < line.Length)
        {
            while (i < line.Length && char.IsWhiteSpace(line[i])) i++;
            var start = i;
            while (i < line.Length && !char.IsWhiteSpace(line[i])) i++;
            if (i > start) parts.Add(line[start..i].ToString());
        }
        return [.. parts];
    }

    /// <summary>A size limit is passed on this line: the one error reported, and reading stops here.</summary>
    private void OverLimit(string what, int limit, string setting)
    {
        Error(string.Create(CultureInfo.InvariantCulture,
            $"more than {limit} {what}; at most {limit} are accepted ({KindLimits.Key(LinearProgramKind.KindName, setting)})"));
        _overLimit = true;
    }

    private void Error(string reason) =>
        _errors.Add(new FieldError(string.Create(CultureInfo.InvariantCulture, $"line {_lineNumber}"), reason));

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
