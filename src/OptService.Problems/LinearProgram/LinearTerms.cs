using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// The terms of a linear expression, variable name → coefficient, in the order given. Stored as two
/// arrays rather than a dictionary: a model of 10⁶ nonzeros is 10⁶ of these, and parsing, validating
/// and building the model only ever walk them in order.
/// </summary>
[JsonConverter(typeof(LinearTermsJsonConverter))]
public sealed class LinearTerms
{
    public static LinearTerms Empty { get; } = new([], []);

    public LinearTerms(string[] names, double[] coefficients)
    {
        if (names.Length != coefficients.Length) throw new ArgumentException("one coefficient per name", nameof(coefficients));
        Names = names;
        Coefficients = coefficients;
    }

    public string[] Names { get; }
    public double[] Coefficients { get; }
    public int Count => Names.Length;

    public static LinearTerms From(IEnumerable<KeyValuePair<string, double>> terms)
    {
        var list = terms.ToList();
        return new LinearTerms([.. list.Select(t => t.Key)], [.. list.Select(t => t.Value)]);
    }
}

/// <summary>
/// Reads and writes <see cref="LinearTerms"/> as a JSON object of numbers, <c>{"x": 1, "y": -2.5}</c>. Reading
/// is the hot path of a large model (10⁶ terms in 10⁵ objects): terms collect in per-thread scratch arrays and
/// are copied once into arrays of the exact size, and names come from <see cref="TermNamePool"/>, so each
/// distinct variable name is one string however many expressions use it (fewer, smaller objects for the GC to
/// copy; measured in docs/linear-program.md, Figures).
/// </summary>
internal sealed class LinearTermsJsonConverter : JsonConverter<LinearTerms>
{
    [ThreadStatic] private static string[]? t_names;
    [ThreadStatic] private static double[]? t_coefficients;

    public override LinearTerms Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected an object of variable name → coefficient, e.g. {\"x\": 2, \"y\": -1}");
        var names = t_names ??= new string[16];
        var coefficients = t_coefficients ??= new double[16];
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = TermNamePool.Read(ref reader);
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var coefficient) || !double.IsFinite(coefficient))
                throw new JsonException($"the coefficient of '{Clip(name)}' must be a finite number");
            if (count == names.Length)
            {
                Array.Resize(ref names, count * 2);
                Array.Resize(ref coefficients, count * 2);
                (t_names, t_coefficients) = (names, coefficients);
            }
            names[count] = name;
            coefficients[count++] = coefficient;
        }
        var result = new LinearTerms(names.AsSpan(0, count).ToArray(), coefficients.AsSpan(0, count).ToArray());
        // The scratch arrays outlive this call: drop their references to names (a pooled name is shared anyway, but a
        // long unpooled one should not be kept alive by a thread's scratch array). Large scratch arrays are let go.
        if (names.Length > 1 << 16) (t_names, t_coefficients) = (null, null);
        else Array.Clear(names, 0, count);
        return result;
    }

    public override void Write(Utf8JsonWriter writer, LinearTerms value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (var k = 0; k < value.Count; k++) writer.WriteNumber(value.Names[k], value.Coefficients[k]);
        writer.WriteEndObject();
    }

    private static string Clip(string name) => name.Length <= 100 ? name : name[..100] + "…";
}
