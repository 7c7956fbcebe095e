using System.Globalization;
using System.Text.Json.Nodes;

namespace OptService.Api.Tests.Fuzz;

/// <summary>A field or element inside a JSON document: property names (string) and array indexes (int) from the root.</summary>
internal sealed record JsonPath(IReadOnlyList<object> Segments)
{
    public object Last => Segments[^1];

    public IReadOnlyList<object> Parent => Segments.Take(Segments.Count - 1).ToList();

    /// <summary>The path with indexes as <c>[*]</c>: one entry per field of the schema, e.g. <c>$.arcs[*].cost</c>.</summary>
    public string Schema => Format(index => "*");

    public override string ToString() => Format(index => index.ToString(CultureInfo.InvariantCulture));

    /// <summary>Every node below the root, containers before their contents.</summary>
    public static IEnumerable<JsonPath> All(JsonNode root) => Below(root, []);

    public JsonNode? Node(JsonNode root)
    {
        var node = root;
        foreach (var segment in Segments)
            node = segment is int index ? node?.AsArray()[index] : node?.AsObject()[(string)segment];
        return node;
    }

    public void Set(JsonNode root, JsonNode? value)
    {
        var parent = new JsonPath(Parent).Node(root)!;
        if (Last is int index) parent.AsArray()[index] = value;
        else parent.AsObject()[(string)Last] = value;
    }

    public void Remove(JsonNode root)
    {
        var parent = new JsonPath(Parent).Node(root)!;
        if (Last is int index) parent.AsArray().RemoveAt(index);
        else parent.AsObject().Remove((string)Last);
    }

    private static IEnumerable<JsonPath> Below(JsonNode? node, List<object> prefix)
    {
        IEnumerable<(object Segment, JsonNode? Child)> children = node switch
        {
            JsonObject obj => obj.Select(p => ((object)p.Key, p.Value)),
            JsonArray array => array.Select((child, i) => ((object)i, child)),
            _ => [],
        };
        foreach (var (segment, child) in children)
        {
            var path = new List<object>(prefix) { segment };
            yield return new JsonPath(path);
            foreach (var below in Below(child, path)) yield return below;
        }
    }

    private string Format(Func<int, string> index) =>
        "$" + string.Concat(Segments.Select(s => s is int i ? $"[{index(i)}]" : "." + s));
}
