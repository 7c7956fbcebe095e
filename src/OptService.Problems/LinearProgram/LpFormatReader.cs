using System.Globalization;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Reads the CPLEX LP format as PuLP, Pyomo, HiGHS and OR-Tools write it: a sense section
/// (<c>Minimize</c>/<c>Maximize</c>, <c>min</c>/<c>max</c>, …) with an optional <c>name:</c> and a linear
/// expression (a constant in it is the objective's offset), <c>Subject To</c> (also <c>st</c>, <c>s.t.</c>,
/// <c>such that</c>) with constraints <c>[name:] expression (&lt;= | &gt;= | =) number</c> or ranged
/// <c>[name:] number &lt;= expression &lt;= number</c>, <c>Bounds</c> (<c>x &lt;= 4</c>, <c>-3 &lt;= x &lt;= 4</c>,
/// <c>x = 2</c>, <c>x free</c>, <c>-inf</c>/<c>+inf</c>), <c>Generals</c>/<c>Integers</c>, <c>Binaries</c> and
/// <c>End</c>. Statements may span lines; <c>\</c> starts a comment. Variables are numbered in order of first
/// appearance and default to [0, +∞). Quadratic terms, SOS and semi-continuous sections are refused.
/// </summary>
internal sealed class LpFormatReader
{
    private enum Section { None, Objective, Constraints, Bounds, Generals, Binaries, End }

    private enum TokenKind { Number, Name, Operator, Colon, Sign, Keyword }

    private readonly record struct Token(TokenKind Kind, string Text, double Value, int Line);

    private readonly List<FieldError> _errors = [];
    private readonly Dictionary<string, int> _variableIndex = new(StringComparer.Ordinal);
    private readonly List<(string Name, double? Lower, double? Upper, bool Integer)> _variables = [];
    private readonly List<LpConstraint> _constraints = [];
    private readonly HashSet<string> _constraintNames = new(StringComparer.Ordinal);
    private LinearTerms _objective = LinearTerms.Empty;
    private double _offset;
    private bool _maximize;
    private List<Token> _tokens = [];
    private int _at;

    public static (LinearProgramProblem? Problem, IReadOnlyList<FieldError> Errors) Read(string text, LinearProgramOptions? options = null) =>
        new LpFormatReader().Parse(text, options);

    private (LinearProgramProblem?, IReadOnlyList<FieldError>) Parse(string text, LinearProgramOptions? options)
    {
        _tokens = Tokenize(text);
        if (_errors.Count > 0) return (null, _errors);
        var section = Section.None;
        var sawSense = false;
        while (_at < _tokens.Count && _errors.Count <= FieldError.MaxReported)
        {
            var token = _tokens[_at];
            if (token.Kind == TokenKind.Keyword)
            {
                _at++;
                section = token.Text switch
                {
                    "min" => Section.Objective,
                    "max" => Section.Objective,
                    "st" => Section.Constraints,
                    "bounds" => Section.Bounds,
                    "generals" => Section.Generals,
                    "binaries" => Section.Binaries,
                    _ => Section.End,
                };
                if (token.Text is "min" or "max")
                {
                    if (sawSense) Error(token.Line, "a second objective section: only one objective is supported");
                    sawSense = true;
                    _maximize = token.Text == "max";
                    ReadObjective();
                }
                if (section == Section.End)
                {
                    // Anything after End is a second model or a damaged file, not something to ignore.
                    if (_at < _tokens.Count) Error(_tokens[_at].Line, "text after End");
                    break;
                }
                continue;
            }
            var before = _at;
            switch (section)
            {
                case Section.Constraints: ReadConstraint(); break;
                case Section.Bounds: ReadBound(); break;
                case Section.Generals or Section.Binaries: ReadIntegerName(section == Section.Binaries); break;
                case Section.Objective: Error(token.Line, $"unexpected '{Clip(token.Text)}' after the objective"); SkipStatement(); break;
                default: Error(token.Line, $"'{Clip(token.Text)}' before the objective section (Minimize or Maximize)"); SkipStatement(); break;
            }
            if (_at == before) _at++; // never stall on a bad token
        }
        if (!sawSense && _errors.Count == 0) _errors.Add(new FieldError("line 1", "no objective section: the file must start with Minimize or Maximize"));
        if (_errors.Count > 0) return (null, _errors);
        return (new LinearProgramProblem
        {
            Variables = [.. _variables.Select(v => new LpVariable { Name = v.Name, Lower = v.Lower, Upper = v.Upper, Integer = v.Integer })],
            Constraints = _constraints,
            Objective = new LpObjective { Sense = _maximize ? ObjectiveSense.Maximize : ObjectiveSense.Minimize, Terms = _objective, Offset = _offset },
            Options = options,
        }, []);
    }

    private void ReadObjective()
    {
        if (Peek(1) is { Kind: TokenKind.Colon } && Peek(0) is { Kind: TokenKind.Name }) _at += 2;
        var (terms, constant) = ReadExpression();
        // Zero costs only declare variables (writers list every column in the objective to fix their order).
        var kept = Enumerable.Range(0, terms.Count).Where(k => terms.Coefficients[k] != 0).ToArray();
        _objective = kept.Length == terms.Count ? terms : new LinearTerms([.. kept.Select(k => terms.Names[k])], [.. kept.Select(k => terms.Coefficients[k])]);
        _offset = constant;
    }

    private void ReadConstraint()
    {
        var line = _tokens[_at].Line;
        string? name = null;
        if (Peek(0) is { Kind: TokenKind.Name } && Peek(1) is { Kind: TokenKind.Colon })
        {
            name = _tokens[_at].Text;
            _at += 2;
        }
        name ??= "R" + (_constraints.Count + 1).ToString(CultureInfo.InvariantCulture);
        double? lower = null, upper = null;
        // Ranged: number <= expression <= number (or >= … >=).
        if (Peek(0) is { Kind: TokenKind.Number or TokenKind.Sign } && IsRangeStart())
        {
            var left = ReadNumber();
            var op1 = ReadOperator();
            var (rangeTerms, rangeConstant) = ReadExpression();
            var op2 = ReadOperator();
            var right = ReadNumber();
            if (left is null || op1 is null || op2 is null || right is null) { SkipStatement(); return; }
            if (op1 != op2 || op1 == "=") { Error(line, "a ranged constraint reads lower <= expression <= upper"); return; }
            (lower, upper) = op1 == "<=" ? (left - rangeConstant, right - rangeConstant) : (right - rangeConstant, left - rangeConstant);
            Add(name, rangeTerms, lower, upper, line);
            return;
        }
        var (terms, constant) = ReadExpression();
        var op = ReadOperator();
        if (op is null) { SkipStatement(); return; }
        if (ReadNumber() is not { } rhs) { SkipStatement(); return; }
        rhs -= constant;
        (lower, upper) = op switch { "<=" => ((double?)null, (double?)rhs), ">=" => (rhs, null), _ => (rhs, rhs) };
        Add(name, terms, lower, upper, line);
    }

    private void Add(string name, LinearTerms terms, double? lower, double? upper, int line)
    {
        if (!_constraintNames.Add(name)) { Error(line, $"constraint '{Clip(name)}' is defined twice"); return; }
        _constraints.Add(new LpConstraint
        {
            Name = name, Terms = terms,
            Lower = lower is { } l && double.IsNegativeInfinity(l) ? null : lower,
            Upper = upper is { } u && double.IsPositiveInfinity(u) ? null : upper,
        });
    }

    /// <summary>A constraint starting with a number is ranged when an operator follows that number.</summary>
    private bool IsRangeStart()
    {
        var k = _at;
        if (_tokens[k].Kind == TokenKind.Sign) k++;
        return k + 1 < _tokens.Count && _tokens[k].Kind == TokenKind.Number && _tokens[k + 1].Kind == TokenKind.Operator;
    }

    private void ReadBound()
    {
        var line = _tokens[_at].Line;
        if (Peek(0) is { Kind: TokenKind.Name } first && Peek(1) is { Kind: TokenKind.Name, Text: var word } && word.Equals("free", StringComparison.OrdinalIgnoreCase))
        {
            _at += 2;
            SetBounds(first.Text, double.NegativeInfinity, double.PositiveInfinity, line);
            return;
        }
        if (Peek(0) is { Kind: TokenKind.Number or TokenKind.Sign })
        {
            // number op name [op number]
            var left = ReadNumber();
            var op1 = ReadOperator();
            if (Peek(0) is not { Kind: TokenKind.Name } variable) { Error(line, "a bound reads 'x <= 4', '-3 <= x <= 4', 'x = 2' or 'x free'"); SkipStatement(); return; }
            _at++;
            if (left is null || op1 is null) return;
            Apply(variable.Text, Flip(op1), left.Value, line);
            if (Peek(0) is { Kind: TokenKind.Operator })
            {
                var op2 = ReadOperator();
                if (ReadNumber() is { } right && op2 is not null) Apply(variable.Text, op2, right, line);
            }
            return;
        }
        if (Peek(0) is { Kind: TokenKind.Name } name)
        {
            _at++;
            var op = ReadOperator();
            if (op is null) { SkipStatement(); return; }
            if (ReadNumber() is { } value) Apply(name.Text, op, value, line);
            return;
        }
        Error(line, $"unexpected '{Clip(_tokens[_at].Text)}' in Bounds");
        _at++;
    }

    private void Apply(string name, string op, double value, int line)
    {
        switch (op)
        {
            case "<=": SetBounds(name, null, value, line); break;
            case ">=": SetBounds(name, value, null, line); break;
            default: SetBounds(name, value, value, line); break;
        }
    }

    private void SetBounds(string name, double? lower, double? upper, int line)
    {
        var j = Variable(name);
        var v = _variables[j];
        if (lower is { } l) v.Lower = double.IsNegativeInfinity(l) ? null : double.IsPositiveInfinity(l) ? LinearModel.Infinity : l;
        if (upper is { } u) v.Upper = double.IsPositiveInfinity(u) ? null : double.IsNegativeInfinity(u) ? -LinearModel.Infinity : u;
        _variables[j] = v;
        _ = line;
    }

    private void ReadIntegerName(bool binary)
    {
        var token = _tokens[_at++];
        if (token.Kind != TokenKind.Name) { Error(token.Line, $"expected a variable name, not '{Clip(token.Text)}'"); return; }
        var j = Variable(token.Text);
        var v = _variables[j];
        v.Integer = true;
        if (binary) (v.Lower, v.Upper) = (0, 1);
        _variables[j] = v;
    }

    /// <summary>Terms [sign] [number] [*] name, and constant numbers, until an operator, a keyword or a new statement's name.</summary>
    private (LinearTerms Terms, double Constant) ReadExpression()
    {
        var names = new List<string>();
        var coefficients = new List<double>();
        var positions = new Dictionary<int, int>();
        double constant = 0;
        var first = true;
        while (_at < _tokens.Count)
        {
            var token = _tokens[_at];
            if (token.Kind is TokenKind.Operator or TokenKind.Keyword) break;
            // A name followed by ':' starts the next statement (objective or constraint on the next line).
            if (token.Kind == TokenKind.Name && Peek(1) is { Kind: TokenKind.Colon }) break;
            double sign = 1;
            var sawSign = false;
            while (Peek(0) is { Kind: TokenKind.Sign } s) { if (s.Text == "-") sign = -sign; sawSign = true; _at++; }
            if (!first && !sawSign) break; // terms after the first are joined by + or -
            first = false;
            double coefficient = 1;
            var sawNumber = false;
            if (Peek(0) is { Kind: TokenKind.Number } number) { coefficient = number.Value; sawNumber = true; _at++; }
            if (Peek(0) is { Kind: TokenKind.Name, Text: "*" }) _at++;
            if (Peek(0) is { Kind: TokenKind.Name } variable && !(Peek(1) is { Kind: TokenKind.Colon }))
            {
                if (variable.Text is "[" or "^") { Error(variable.Line, "quadratic terms ([ … ], ^) are not supported"); _at = _tokens.Count; break; }
                _at++;
                var j = Variable(variable.Text);
                if (positions.TryGetValue(j, out var k)) coefficients[k] += sign * coefficient;
                else
                {
                    positions[j] = names.Count;
                    names.Add(variable.Text);
                    coefficients.Add(sign * coefficient);
                }
            }
            else if (sawNumber) constant += sign * coefficient;
            else { Error(token.Line, $"expected a term, not '{Clip(_tokens[Math.Min(_at, _tokens.Count - 1)].Text)}'"); break; }
        }
        return (new LinearTerms([.. names], [.. coefficients]), constant);
    }

    private double? ReadNumber()
    {
        var line = _at < _tokens.Count ? _tokens[_at].Line : _tokens[^1].Line;
        double sign = 1;
        while (Peek(0) is { Kind: TokenKind.Sign } s) { if (s.Text == "-") sign = -sign; _at++; }
        // 1e30 and beyond is infinite, as in MPS.
        if (Peek(0) is { Kind: TokenKind.Number } number) { _at++; return number.Value >= LinearModel.Infinity ? sign * double.PositiveInfinity : sign * number.Value; }
        if (Peek(0) is { Kind: TokenKind.Name } word && (word.Text.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Text.Equals("infinity", StringComparison.OrdinalIgnoreCase)))
        {
            _at++;
            return sign * double.PositiveInfinity;
        }
        Error(line, $"expected a number{(_at < _tokens.Count ? $", not '{Clip(_tokens[_at].Text)}'" : " at the end of the file")}");
        return null;
    }

    private string? ReadOperator()
    {
        if (Peek(0) is { Kind: TokenKind.Operator } op) { _at++; return op.Text; }
        var line = _at < _tokens.Count ? _tokens[_at].Line : _tokens[^1].Line;
        Error(line, $"expected <=, >= or ={(_at < _tokens.Count ? $", not '{Clip(_tokens[_at].Text)}'" : " before the end of the file")}");
        return null;
    }

    private static string Flip(string op) => op switch { "<=" => ">=", ">=" => "<=", _ => "=" };

    /// <summary>Skips to the next line's first token (error recovery).</summary>
    private void SkipStatement()
    {
        if (_at >= _tokens.Count) return;
        var line = _tokens[Math.Min(_at, _tokens.Count - 1)].Line;
        while (_at < _tokens.Count && _tokens[_at].Line == line && _tokens[_at].Kind != TokenKind.Keyword) _at++;
    }

    private Token? Peek(int ahead) => _at + ahead < _tokens.Count ? _tokens[_at + ahead] : null;

    private int Variable(string name)
    {
        if (_variableIndex.TryGetValue(name, out var j)) return j;
        j = _variables.Count;
        _variableIndex[name] = j;
        _variables.Add((name, 0, null, false));
        return j;
    }

    // ---- tokens ----

    private static readonly (string Words, string Keyword)[] Keywords =
    [
        ("minimize", "min"), ("minimise", "min"), ("minimum", "min"), ("min", "min"),
        ("maximize", "max"), ("maximise", "max"), ("maximum", "max"), ("max", "max"),
        ("subject to", "st"), ("such that", "st"), ("st", "st"), ("s.t.", "st"), ("st.", "st"),
        ("bounds", "bounds"), ("bound", "bounds"),
        ("generals", "generals"), ("general", "generals"), ("gen", "generals"), ("integers", "generals"), ("integer", "generals"),
        ("binaries", "binaries"), ("binary", "binaries"), ("bin", "binaries"),
        ("end", "end"),
    ];

    private static readonly string[] Refused = ["semi-continuous", "semis", "semi", "sos"];

    private List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine;
            var comment = line.IndexOf('\\');
            if (comment >= 0) line = line[..comment];
            line = line.Trim();
            if (line.IsEmpty) continue;
            if (KeywordAt(line, out var keyword, out var length))
            {
                if (Refused.Contains(keyword)) { Error(lineNumber, $"the {keyword} section is not supported (linear and mixed-integer programs only)"); continue; }
                tokens.Add(new Token(TokenKind.Keyword, keyword, 0, lineNumber));
                line = line[length..].Trim();
            }
            TokenizeLine(line, lineNumber, tokens);
            if (_errors.Count > FieldError.MaxReported) break;
        }
        return tokens;
    }

    /// <summary>A section keyword opens the line and is not a name followed by ':' (an objective called "max" is still a name).</summary>
    private static bool KeywordAt(ReadOnlySpan<char> line, out string keyword, out int length)
    {
        foreach (var (words, key) in Keywords)
        {
            if (line.Length < words.Length || !line[..words.Length].Equals(words, StringComparison.OrdinalIgnoreCase)) continue;
            var rest = line[words.Length..];
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) continue;
            if (rest.TrimStart().StartsWith(":")) continue;
            (keyword, length) = (key, words.Length);
            return true;
        }
        foreach (var refused in Refused)
        {
            if (line.Length >= refused.Length && line[..refused.Length].Equals(refused, StringComparison.OrdinalIgnoreCase)
                && (line.Length == refused.Length || char.IsWhiteSpace(line[refused.Length])))
            {
                (keyword, length) = (refused, refused.Length);
                return true;
            }
        }
        (keyword, length) = ("", 0);
        return false;
    }

    private void TokenizeLine(ReadOnlySpan<char> line, int lineNumber, List<Token> tokens)
    {
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c)) { i++; continue; }
            if (c is '<' or '>' or '=')
            {
                var start = i++;
                if (i < line.Length && line[i] is '=' or '<' or '>') i++;
                var op = line[start..i].ToString() switch
                {
                    "<=" or "=<" or "<" => "<=",
                    ">=" or "=>" or ">" => ">=",
                    "=" or "==" => "=",
                    var other => other,
                };
                if (op is not ("<=" or ">=" or "=")) { Error(lineNumber, $"'{op}' is not an operator (<=, >= or =)"); continue; }
                tokens.Add(new Token(TokenKind.Operator, op, 0, lineNumber));
                continue;
            }
            if (c is '+' or '-') { tokens.Add(new Token(TokenKind.Sign, c.ToString(), 0, lineNumber)); i++; continue; }
            if (c == ':') { tokens.Add(new Token(TokenKind.Colon, ":", 0, lineNumber)); i++; continue; }
            if (c is '[' or '*' or '^') { tokens.Add(new Token(TokenKind.Name, c.ToString(), 0, lineNumber)); i++; continue; }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < line.Length && char.IsAsciiDigit(line[i + 1])))
            {
                var start = i;
                while (i < line.Length && (char.IsAsciiDigit(line[i]) || line[i] == '.')) i++;
                // An exponent only when digits follow: "2e" followed by a space is 2 times a variable called e.
                if (i < line.Length && line[i] is 'e' or 'E')
                {
                    var k = i + 1;
                    if (k < line.Length && line[k] is '+' or '-') k++;
                    if (k < line.Length && char.IsAsciiDigit(line[k]))
                    {
                        i = k;
                        while (i < line.Length && char.IsAsciiDigit(line[i])) i++;
                    }
                }
                var text = line[start..i].ToString();
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    Error(lineNumber, $"'{Clip(text)}' is not a number");
                tokens.Add(new Token(TokenKind.Number, text, value, lineNumber));
                continue;
            }
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] is not ('<' or '>' or '=' or ':' or '+' or '-' or '[' or '*' or '^')) i++;
                if (i == start) { Error(lineNumber, $"unexpected character '{line[i]}'"); i++; continue; }
                tokens.Add(new Token(TokenKind.Name, line[start..i].ToString(), 0, lineNumber));
            }
        }
    }

    private void Error(int line, string reason) =>
        _errors.Add(new FieldError(string.Create(CultureInfo.InvariantCulture, $"line {line}"), reason));

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
