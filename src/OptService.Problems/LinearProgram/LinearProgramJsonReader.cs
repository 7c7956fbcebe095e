using System.Globalization;
using System.Text;
using System.Text.Json;
using OptService.Kinds;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// Reads a JSON model in one forward pass over its UTF-8 bytes: no document tree and no reflection, and per term
/// only a name lookup (from the bytes, without a string) and two array stores into the model's one
/// <see cref="TermStore"/>. Reads what System.Text.Json reads with <see cref="JobJson.Options"/> (field names in any
/// case, unknown or repeated fields refused, numbers only as JSON numbers) and fails the same way: a
/// <see cref="JsonException"/> with the path and reason that <see cref="JobJson.ToFieldError"/> turns into the 400's entry.
/// </summary>
internal ref struct LinearProgramJsonReader
{
    public const string ExpectedTerms = "expected an object of variable name → coefficient, e.g. {\"x\": 2, \"y\": -1}";
    public const string ExpectedCoefficient = "the coefficient must be a finite number";
    private const string NotUtf8 = "the text is not valid UTF-8 or contains a lone surrogate escape";

    private static readonly Fields ModelFields = new("name", "variables", "constraints", "objective", "options");
    private static readonly Fields VariableFields = new("name", "lower", "upper", "integer");
    private static readonly Fields ConstraintFields = new("name", "terms", "lower", "upper");
    private static readonly Fields ObjectiveFields = new("sense", "terms", "offset");

    private readonly ReadOnlySpan<byte> _json;
    private readonly TermStore _terms;
    private Utf8JsonReader _reader;

    // Where the reader is, for the path of an error only: $.{_section}[{_index}].{_field}['{name of _term}'].
    private string? _section;
    private int _index = -1;
    private string? _field;
    private int _term = -1;

    private LinearProgramJsonReader(ReadOnlySpan<byte> utf8Json)
    {
        _json = utf8Json;
        _reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions
        {
            MaxDepth = JobJson.Options.MaxDepth,
            CommentHandling = JobJson.Options.ReadCommentHandling,
            AllowTrailingCommas = JobJson.Options.AllowTrailingCommas,
        });
        // A term takes 16 bytes or more ("x12345": -1.25,): room for that many saves the arrays' doublings.
        _terms = new TermStore(capacity: Math.Clamp(utf8Json.Length / 16, 16, 1 << 22));
    }

    /// <summary>The model in <paramref name="utf8Json"/>; null for the JSON <c>null</c>.</summary>
    /// <exception cref="JsonException">Malformed JSON, or JSON that is not a model; with the path of the fault.</exception>
    public static LinearProgramProblem? Read(ReadOnlySpan<byte> utf8Json) => new LinearProgramJsonReader(utf8Json).ReadModel();

    /// <summary>The number at the reader, if it is a finite one (a JSON number too large for a double reads as ±∞).</summary>
    public static bool TryGetFinite(ref Utf8JsonReader reader, out double value)
    {
        value = 0;
        return reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out value) && double.IsFinite(value);
    }

    private LinearProgramProblem? ReadModel()
    {
        try
        {
            _reader.Read();
            if (_reader.TokenType == JsonTokenType.Null)
            {
                _reader.Read(); // throws on anything after the value
                return null;
            }
            if (_reader.TokenType != JsonTokenType.StartObject) throw Error(ModelFields.Expected);
            string? name = null;
            IReadOnlyList<LpVariable>? variables = null;
            IReadOnlyList<LpConstraint>? constraints = [];
            LpObjective? objective = null;
            LinearProgramOptions? options = null;
            var seen = 0;
            while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
            {
                var field = Field(ModelFields, ref seen);
                if (field == 0) name = ReadString();
                // The other fields are the sections of a path: $.variables[3].name.
                (_section, _field) = (_field, null);
                switch (field)
                {
                    case 0: break;
                    case 1: variables = ReadVariables(); break;
                    case 2: constraints = ReadConstraints(); break;
                    case 3: objective = ReadObjective(); break;
                    default: options = ReadOptions(); break;
                }
                _section = null;
            }
            if ((seen & 2) == 0) throw Error("missing required field(s): variables");
            _reader.Read(); // throws on anything after the model
            _terms.Finish();
            return new LinearProgramProblem { Name = name, Variables = variables!, Constraints = constraints!, Objective = objective, Options = options, Store = _terms };
        }
        catch (JsonException exception) when (exception.Path is null)
        {
            // The reader's own syntax errors know their line, not their place in the model.
            throw new JsonException(exception.Message, Path(), exception.LineNumber, exception.BytePositionInLine, exception);
        }
    }

    private List<LpVariable>? ReadVariables()
    {
        if (!StartArray()) return null;
        var variables = new List<LpVariable>();
        var nameIds = new List<int>();
        for (_index = 0; NextItem(VariableFields); _index++)
        {
            var nameId = -1;
            variables.Add(_reader.TokenType == JsonTokenType.Null ? null! : ReadVariable(out nameId));
            nameIds.Add(nameId);
        }
        _index = -1;
        _terms.SetVariables(variables, [.. nameIds]);
        return variables;
    }

    private List<LpConstraint>? ReadConstraints()
    {
        if (!StartArray()) return null;
        var constraints = new List<LpConstraint>();
        for (_index = 0; NextItem(ConstraintFields); _index++)
            constraints.Add(_reader.TokenType == JsonTokenType.Null ? null! : ReadConstraint());
        _index = -1;
        return constraints;
    }

    /// <summary>Reads the value of an array field: true at its start, false for null.</summary>
    private bool StartArray()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.Null) return false;
        return _reader.TokenType == JsonTokenType.StartArray ? true : throw Error("expected an array");
    }

    /// <summary>Moves to the next element: an object or null (kept: validation names it); false at the array's end.</summary>
    private bool NextItem(Fields fields)
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.EndArray) return false;
        return _reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null ? true : throw Error(fields.Expected);
    }

    private LpVariable ReadVariable(out int nameId)
    {
        nameId = -1;
        string? name = null;
        double? lower = null, upper = null;
        var integer = false;
        var seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(VariableFields, ref seen);
            switch (field)
            {
                // Variable names go into the term store: the terms that name a variable share its string.
                case 0: (name, nameId) = ReadName(); break;
                case 1: lower = ReadNumber(nullable: true); break;
                case 2: upper = ReadNumber(nullable: true); break;
                default: integer = ReadBool(); break;
            }
            _field = null;
        }
        if ((seen & 1) == 0) throw Error("missing required field(s): name");
        return new LpVariable { Name = name!, Lower = lower, Upper = upper, Integer = integer };
    }

    private LpConstraint ReadConstraint()
    {
        string? name = null;
        LinearTerms? terms = null;
        double? lower = null, upper = null;
        var seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ConstraintFields, ref seen);
            switch (field)
            {
                case 0: name = ReadString(); break;
                case 1: terms = ReadTerms(); break;
                case 2: lower = ReadNumber(nullable: true); break;
                default: upper = ReadNumber(nullable: true); break;
            }
            _field = null;
        }
        if ((seen & 3) != 3) throw Error("missing required field(s): " + ((seen & 1) == 0 ? "name" + ((seen & 2) == 0 ? ", terms" : "") : "terms"));
        return new LpConstraint { Name = name!, Terms = terms!, Lower = lower, Upper = upper };
    }

    private LpObjective? ReadObjective()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartObject) throw Error(ObjectiveFields.Expected);
        var objective = new LpObjective();
        var seen = 0;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ObjectiveFields, ref seen);
            objective = field switch
            {
                0 => objective with { Sense = ReadSense() },
                1 => objective with { Terms = ReadTerms()! },
                _ => objective with { Offset = ReadNumber(nullable: false)!.Value },
            };
            _field = null;
        }
        return objective;
    }

    /// <summary>The hot loop: 10⁶ of these in a large model.</summary>
    private LinearTerms? ReadTerms()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.StartObject) throw Error(ExpectedTerms);
        var start = _terms.Count;
        while (_reader.Read() && _reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Intern();
            _reader.Read();
            if (!TryGetFinite(ref _reader, out var coefficient))
            {
                _term = name;
                throw Error(ExpectedCoefficient);
            }
            _terms.Add(name, coefficient);
        }
        return new LinearTerms(_terms, start, _terms.Count - start);
    }

    private LinearProgramOptions? ReadOptions()
    {
        // Small and read once: the serializer reads it, and its errors get the model's path.
        try
        {
            return JsonSerializer.Deserialize<LinearProgramOptions>(ref _reader, JobJson.Options);
        }
        catch (JsonException exception)
        {
            throw new JsonException(exception.Message, "$.options" + exception.Path?[1..], exception.LineNumber, exception.BytePositionInLine, exception);
        }
    }

    private ObjectiveSense ReadSense()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.String)
        {
            // As the serializer's enum converter: the camelCase name, else the name in any case.
            if (_reader.ValueTextEquals("minimize"u8)) return ObjectiveSense.Minimize;
            if (_reader.ValueTextEquals("maximize"u8)) return ObjectiveSense.Maximize;
            var text = ReadStringValue();
            if (string.Equals(text, "minimize", StringComparison.OrdinalIgnoreCase)) return ObjectiveSense.Minimize;
            if (string.Equals(text, "maximize", StringComparison.OrdinalIgnoreCase)) return ObjectiveSense.Maximize;
        }
        throw Error("expected one of \"minimize\", \"maximize\"");
    }

    /// <summary>Which of <paramref name="fields"/> the property name at the reader is (exact spelling first, then in any case).</summary>
    private int Field(Fields fields, ref int seen)
    {
        var field = -1;
        for (var f = 0; f < fields.Utf8.Length && field < 0; f++)
            if (_reader.ValueTextEquals(fields.Utf8[f])) field = f;
        if (field < 0)
        {
            var name = ReadStringValue();
            field = Array.FindIndex(fields.Names, f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
            if (field < 0)
            {
                _field = name;
                throw Error("unknown field; the fields here are " + string.Join(", ", fields.Names));
            }
        }
        _field = fields.Names[field];
        if ((seen & (1 << field)) != 0) throw Error("the field is given twice");
        seen |= 1 << field;
        return field;
    }

    private double? ReadNumber(bool nullable)
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.Null && nullable) return null;
        if (_reader.TokenType == JsonTokenType.Number && _reader.TryGetDouble(out var value)) return value;
        throw Error("expected a number");
    }

    private bool ReadBool()
    {
        _reader.Read();
        return _reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Error("expected true or false"),
        };
    }

    private string? ReadString()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.Null) return null;
        if (_reader.TokenType != JsonTokenType.String) throw Error("expected a string");
        return ReadStringValue();
    }

    private (string? Name, int Id) ReadName()
    {
        _reader.Read();
        if (_reader.TokenType == JsonTokenType.Null) return (null, -1);
        if (_reader.TokenType != JsonTokenType.String) throw Error("expected a string");
        var id = Intern();
        return (_terms.Name(id), id);
    }

    private int Intern()
    {
        try
        {
            return _terms.Intern(ref _reader);
        }
        catch (Exception exception) when (exception is InvalidOperationException or DecoderFallbackException)
        {
            throw Error(NotUtf8);
        }
    }

    private string ReadStringValue()
    {
        try
        {
            return _reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw Error(NotUtf8);
        }
    }

    /// <summary>An error at the current token, with its path and line (counted only now, for the error).</summary>
    private readonly JsonException Error(string reason)
    {
        var at = (int)Math.Min(_reader.TokenStartIndex, _json.Length);
        var before = _json[..at];
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return new JsonException(reason, Path(), before.Count((byte)'\n'), at - lineStart);
    }

    private readonly string Path()
    {
        var path = new StringBuilder("$");
        if (_section is not null) path.Append('.').Append(_section);
        if (_index >= 0) path.Append('[').Append(_index.ToString(CultureInfo.InvariantCulture)).Append(']');
        if (_field is not null) Segment(path, _field);
        if (_term >= 0) path.Append("['").Append(Clip(_terms.Name(_term))).Append("']");
        return path.ToString();
    }

    private static void Segment(StringBuilder path, string name)
    {
        if (name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) path.Append('.').Append(name);
        else path.Append("['").Append(Clip(name)).Append("']");
    }

    private static string Clip(string name) => name.Length <= 100 ? name : name[..100] + "…";

    /// <summary>The fields of one record, as written in JSON.</summary>
    private sealed class Fields(params string[] names)
    {
        public string[] Names { get; } = names;
        public byte[][] Utf8 { get; } = [.. names.Select(Encoding.UTF8.GetBytes)];
        public string Expected { get; } = "expected an object with fields " + string.Join(", ", names);
    }
}
