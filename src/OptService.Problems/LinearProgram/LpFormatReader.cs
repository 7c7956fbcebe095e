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
/// The file is tokenized a line at a time as the parser asks for tokens, and the size limits
/// (<see cref="LinearProgramLimits"/>) are checked as the model grows: reading stops at the line that passes
/// one, so a hostile file cannot make the reader allocate past them.
/// </summary>
internal sealed class LpFormatReader
{
    private enum Section { None, Objective, Constraints, Bounds, Generals, Binaries, End }

    private enum TokenKind { Number, Name, Operator, Colon, Sign, Keyword }

    private readonly record struct Token(TokenKind Kind, string Text, double Value, int Line);

    private readonly LinearProgramLimits _limits;
    private readonly List<FieldError> _errors = [];
    private readonly Dictionary<string, int> _variableIndex = new(StringComparer.Ordinal);
    private readonly List<(string Name, double? Lower, double? Upper, bool Integer)> _variables = [];
    private readonly List<LpConstraint> _constraints = [];
    private readonly HashSet<string> _constraintNames = new(StringComparer.Ordinal);
    private LinearTerms _objective = LinearTerms.Empty;
    private double _offset;
    private bool _maximize;
    private int _at; // index of the parser's next token
    private long _nonzeros;
    private bool _overLimit;

    private LpFormatReader(string text, LinearProgramLimits limits) => (_text, _limits) = (text, limits);

    public static (LinearProgramProblem? Problem, IReadOnlyList<FieldError> Errors) Read(
        string text, LinearProgramOptions? options = null, LinearProgramLimits? limits = null) =>
        new LpFormatReader(text, limits ?? new LinearProgramLimits()).Parse(options);

    private (LinearProgramProblem?, IReadOnlyList<FieldError>) Parse(LinearProgramOptions? options)
    {
        var section = Section.None;
        var sawSense = false;
        while (Has(_at) && _errors.Count <= FieldError.MaxReported)
        {
            var token = At(_at);
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
                    if (Has(_at)) Error(At(_at).Line, "text after End");
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
        if (_overLimit) return (null, _errors);
        // A file with a token error reports those only (the parse stopped at the first); read on for the others.
        ReadRemainingTokenErrors();
        if (_tokenErrors.Count > 0) return (null, _tokenErrors);
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
        _nonzeros -= terms.Count - kept.Length;
        _objective = kept.Length == terms.Count ? terms : new LinearTerms([.. kept.Select(k => terms.Names[k])], [.. kept.Select(k => terms.Coefficients[k])]);
        _offset = constant;
    }

    private void ReadConstraint()
    {
        var line = At(_at).Line;
        string? name = null;
        if (Peek(0) is { Kind: TokenKind.Name } && Peek(1) is { Kind: TokenKind.Colon })
        {
            name = At(_at).Text;
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
        if (_constraints.Count >= _limits.MaxConstraints) { OverLimit(line, "constraints", _limits.MaxConstraints, "MaxConstraints"); return; }
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
        if (At(k).Kind == TokenKind.Sign) k++;
        return Has(k + 1) && At(k).Kind == TokenKind.Number && At(k + 1).Kind == TokenKind.Operator;
    }

    private void ReadBound()
    {
        var line = At(_at).Line;
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
        Error(line, $"unexpected '{Clip(At(_at).Text)}' in Bounds");
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
        var j = Variable(name, line);
        if (j < 0) return;
        var v = _variables[j];
        if (lower is { } l) v.Lower = double.IsNegativeInfinity(l) ? null : double.IsPositiveInfinity(l) ? LinearModel.Infinity : l;
        if (upper is { } u) v.Upper = double.IsPositiveInfinity(u) ? null : double.IsNegativeInfinity(u) ? -LinearModel.Infinity : u;
        _variables[j] = v;
        _ = line;
    }

    private void ReadIntegerName(bool binary)
    {
        var token = At(_at++);
        if (token.Kind != TokenKind.Name) { Error(token.Line, $"expected a variable name, not '{Clip(token.Text)}'"); return; }
        var j = Variable(token.Text, token.Line);
        if (j < 0) return;
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
        while (Has(_at))
        {
            var token = At(_at);
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
                if (variable.Text is "[" or "^") { Error(variable.Line, "quadratic terms ([ … ], ^) are not supported"); _stopped = true; break; }
                _at++;
                var j = Variable(variable.Text, variable.Line);
                if (j < 0) break;
                if (positions.TryGetValue(j, out var k)) coefficients[k] += sign * coefficient;
                else
                {
                    if (++_nonzeros > _limits.MaxNonzeros) { OverLimit(variable.Line, "nonzero coefficients", _limits.MaxNonzeros, "MaxNonzeros"); break; }
                    positions[j] = names.Count;
                    names.Add(variable.Text);
                    coefficients.Add(sign * coefficient);
                }
            }
            else if (sawNumber) constant += sign * coefficient;
            else { Error(token.Line, $"expected a term, not '{Clip(Current.Text)}'"); break; }
        }
        return (new LinearTerms([.. names], [.. coefficients]), constant);
    }

    private double? ReadNumber()
    {
        var line = Current.Line;
        double sign = 1;
        while (Peek(0) is { Kind: TokenKind.Sign } s) { if (s.Text == "-") sign = -sign; _at++; }
        // 1e30 and beyond is infinite, as in MPS.
        if (Peek(0) is { Kind: TokenKind.Number } number) { _at++; return number.Value >= LinearModel.Infinity ? sign * double.PositiveInfinity : sign * number.Value; }
        if (Peek(0) is { Kind: TokenKind.Name } word && (word.Text.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Text.Equals("infinity", StringComparison.OrdinalIgnoreCase)))
        {
            _at++;
            return sign * double.PositiveInfinity;
        }
        Error(line, $"expected a number{(Has(_at) ? $", not '{Clip(At(_at).Text)}'" : " at the end of the file")}");
        return null;
    }

    private string? ReadOperator()
    {
        if (Peek(0) is { Kind: TokenKind.Operator } op) { _at++; return op.Text; }
        var line = Current.Line;
        Error(line, $"expected <=, >= or ={(Has(_at) ? $", not '{Clip(At(_at).Text)}'" : " before the end of the file")}");
        return null;
    }

    private static string Flip(string op) => op switch { "<=" => ">=", ">=" => "<=", _ => "=" };

    /// <summary>Skips to the next line's first token (error recovery).</summary>
    private void SkipStatement()
    {
        if (!Has(_at)) return;
        var line = At(_at).Line;
        while (Has(_at) && At(_at).Line == line && At(_at).Kind != TokenKind.Keyword) _at++;
    }

    private Token? Peek(int ahead) => Has(_at + ahead) ? At(_at + ahead) : null;

    /// <summary>The variable's index, declared on first sight; −1 (and reading stops) past <c>MaxVariables</c>.</summary>
    private int Variable(string name, int line)
    {
        if (_variableIndex.TryGetValue(name, out var j)) return j;
        if (_variables.Count >= _limits.MaxVariables) { OverLimit(line, "variables", _limits.MaxVariables, "MaxVariables"); return -1; }
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

    // ---- the token stream: a window of tokens over the file, filled a line at a time as the parser reads ----

    private static readonly System.Buffers.SearchValues<char> LineBreaks = System.Buffers.SearchValues.Create("\r\n\f\u0085\u2028\u2029");
    private readonly string _text;
    private int _textPosition; // start of the next line to tokenize
    private int _lineNumber;   // of the last line tokenized
    private readonly List<Token> _window = [];
    private int _windowStart;  // token index of _window[0]
    private Token _last;       // the last token read (end-of-file messages name its line)
    private bool _stopped;     // quadratic term or size limit: the parser reads no further
    private readonly List<FieldError> _tokenErrors = [];

    /// <summary>Whether token <paramref name="index"/> exists, tokenizing lines until it does (false at the end, after a token error or a stop).</summary>
    private bool Has(int index)
    {
        while (!_stopped && index - _windowStart >= _window.Count)
        {
            // The parser never looks back: drop the tokens it has passed, in chunks so the copying is amortized.
            if (_at - _windowStart > 4096)
            {
                _window.RemoveRange(0, _at - _windowStart);
                _windowStart = _at;
            }
            if (_tokenErrors.Count > 0 || !TokenizeNextLine(_window)) return false;
        }
        return !_stopped;
    }

    private Token At(int index) => _window[index - _windowStart];

    /// <summary>The parser's token, or the file's last one at the end.</summary>
    private Token Current => Has(_at) ? At(_at) : _last;

    /// <summary>Tokenizes lines into <paramref name="tokens"/> until one yields a token; false at the end of the text.</summary>
    private bool TokenizeNextLine(List<Token> tokens)
    {
        while (_textPosition < _text.Length)
        {
            var rest = _text.AsSpan(_textPosition);
            var end = rest.IndexOfAny(LineBreaks);
            var line = end < 0 ? rest : rest[..end];
            _textPosition += end < 0 ? rest.Length : end + (rest[end] == '\r' && end + 1 < rest.Length && rest[end + 1] == '\n' ? 2 : 1);
            _lineNumber++;
            var before = tokens.Count;
            TokenizeLine(line, _lineNumber, tokens);
            if (tokens.Count > before)
            {
                _last = tokens[^1];
                return true;
            }
        }
        return false;
    }

    /// <summary>After the parse: the token errors of the rest of the file (its tokens are not kept).</summary>
    private void ReadRemainingTokenErrors()
    {
        var discarded = new List<Token>();
        while (_tokenErrors.Count is > 0 and <= FieldError.MaxReported && TokenizeNextLine(discarded)) discarded.Clear();
    }

    private void TokenizeLine(ReadOnlySpan<char> rawLine, int lineNumber, List<Token> tokens)
    {
        var line = rawLine;
        var comment = line.IndexOf('\\');
        if (comment >= 0) line = line[..comment];
        line = line.Trim();
        if (line.IsEmpty) return;
        if (KeywordAt(line, out var keyword, out var length))
        {
            if (Refused.Contains(keyword)) { TokenError(lineNumber, $"the {keyword} section is not supported (linear and mixed-integer programs only)"); return; }
            tokens.Add(new Token(TokenKind.Keyword, keyword, 0, lineNumber));
            line = line[length..].Trim();
        }
        TokenizeTerms(line, lineNumber, tokens);
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

    private void TokenizeTerms(ReadOnlySpan<char> line, int lineNumber, List<Token> tokens)
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
                if (op is not ("<=" or ">=" or "=")) { TokenError(lineNumber, $"'{op}' is not an operator (<=, >= or =)"); continue; }
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
                    TokenError(lineNumber, $"'{Clip(text)}' is not a number");
                tokens.Add(new Token(TokenKind.Number, text, value, lineNumber));
                continue;
            }
            {
                var start = i;
                while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] is not ('<' or '>' or '=' or ':' or '+' or '-' or '[' or '*' or '^')) i++;
                if (i == start) { TokenError(lineNumber, $"unexpected character '{line[i]}'"); i++; continue; }
                tokens.Add(new Token(TokenKind.Name, line[start..i].ToString(), 0, lineNumber));
            }
        }
    }

    /// <summary>A size limit is passed on this line: reported with the setting's name, and reading stops here.</summary>
    private void OverLimit(int line, string what, int limit, string setting)
    {
        if (_overLimit) return;
        Error(line, string.Create(CultureInfo.InvariantCulture,
            $"more than {limit} {what}; at most {limit} are accepted ({KindLimits.Key(LinearProgramKind.KindName, setting)})"));
        _overLimit = _stopped = true;
    }

    private void TokenError(int line, string reason) =>
        _tokenErrors.Add(new FieldError(string.Create(CultureInfo.InvariantCulture, $"line {line}"), reason));

    private void Error(int line, string reason)
    {
        // Past a size limit the parser unwinds with no tokens left: what it would say about that is not an error of the file.
        if (!_overLimit) _errors.Add(new FieldError(string.Create(CultureInfo.InvariantCulture, $"line {line}"), reason));
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
