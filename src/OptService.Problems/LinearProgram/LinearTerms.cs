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

/// <summary>Reads and writes <see cref="LinearTerms"/> as a JSON object of numbers, <c>{"x": 1, "y": -2.5}</c>.</summary>
internal sealed class LinearTermsJsonConverter : JsonConverter<LinearTerms>
{
    public override LinearTerms Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new JsonException("expected an object of variable name → coefficient, e.g. {\"x\": 2, \"y\": -1}");
        var names = new List<string>();
        var coefficients = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var coefficient) || !double.IsFinite(coefficient))
                throw new JsonException($"the coefficient of '{Clip(name)}' must be a finite number");
            names.Add(name);
            coefficients.Add(coefficient);
        }
        return new LinearTerms([.. names], [.. coefficients]);
    }

    public override void Write(Utf8JsonWriter writer, LinearTerms value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        for (var k = 0; k < value.Count; k++) writer.WriteNumber(value.Names[k], value.Coefficients[k]);
        writer.WriteEndObject();
    }

    private static string Clip(string name) => name.Length <= 100 ? name : name[..100] + "…";
}
