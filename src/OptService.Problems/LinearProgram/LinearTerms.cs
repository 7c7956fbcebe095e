using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OptService.Problems.LinearProgram;

/// <summary>
/// The terms of a linear expression, variable name → coefficient, in the order given.
/// </summary>
/// <remarks>
/// A slice of a <see cref="TermStore"/>, which holds every expression of a model read from JSON end to end in flat
/// arrays (a model of 10⁶ nonzeros is 10⁶ terms, and parsing, validating and building the model only walk them in order).
/// </remarks>
[JsonConverter(typeof(LinearTermsJsonConverter))]
public sealed class LinearTerms
{
    private readonly TermStore _store;
    private readonly int _start;

    public static LinearTerms Empty { get; } = new([], []);

    public LinearTerms(string[] names, double[] coefficients) : this(new TermStore(names, coefficients), 0, names.Length)
    {
    }

    internal LinearTerms(TermStore store, int start, int count)
    {
        _store = store;
        _start = start;
        Count = count;
    }

    public int Count { get; }

    /// <summary>The variable names, term by term.</summary>
    public TermNames Names => new(_store, _start, Count);

    /// <summary>The coefficients, term by term.</summary>
    public ReadOnlySpan<double> Coefficients => _store.Coefficients.AsSpan(_start, Count);

    /// <summary>Where the names are stored once each (<see cref="TermStore.Names"/>).</summary>
    internal TermStore Store => _store;

    /// <summary>Per term, the number of its name in <see cref="Store"/>.</summary>
    internal ReadOnlySpan<int> NameIds => _store.NameIds.AsSpan(_start, Count);

    public static LinearTerms From(IEnumerable<KeyValuePair<string, double>> terms)
    {
        var list = terms.ToList();
        return new LinearTerms([.. list.Select(t => t.Key)], [.. list.Select(t => t.Value)]);
    }
}

/// <summary>The variable names of a <see cref="LinearTerms"/>, term by term (a view: nothing is copied).</summary>
public readonly struct TermNames : IReadOnlyList<string>
{
    private readonly TermStore _store;
    private readonly int _start;

    internal TermNames(TermStore store, int start, int count)
    {
        _store = store;
        _start = start;
        Count = count;
    }

    public int Count { get; }

    public string this[int index] =>
        (uint)index < (uint)Count ? _store.Names[_store.NameIds[_start + index]] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<string> GetEnumerator()
    {
        for (var k = 0; k < Count; k++) yield return this[k];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Reads and writes <see cref="LinearTerms"/> as a JSON object of numbers, <c>{"x": 1, "y": -2.5}</c>. A whole model is
/// read by <see cref="LinearProgramJsonReader"/>, which puts all its expressions in one store; this reads one
/// expression on its own, for a caller that deserializes the records with System.Text.Json.
/// </summary>
internal sealed class LinearTermsJsonConverter : JsonConverter<LinearTerms>
{
    public override LinearTerms Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException(LinearProgramJsonReader.ExpectedTerms);
        var store = new TermStore(capacity: 16);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            int id;
            try
            {
                id = store.Intern(ref reader);
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new JsonException("the name is not valid UTF-8");
            }
            reader.Read();
            if (!LinearProgramJsonReader.TryGetFinite(ref reader, out var coefficient)) throw new JsonException(LinearProgramJsonReader.ExpectedCoefficient);
            store.Add(id, coefficient);
        }
        store.Finish();
        return new LinearTerms(store, 0, store.Count);
    }

    public override void Write(Utf8JsonWriter writer, LinearTerms value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        var names = value.Names;
        var coefficients = value.Coefficients;
        for (var k = 0; k < value.Count; k++) writer.WriteNumber(names[k], coefficients[k]);
        writer.WriteEndObject();
    }
}
