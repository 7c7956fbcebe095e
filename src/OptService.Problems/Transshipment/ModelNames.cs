using System.Text;

namespace OptService.Problems.Transshipment;

/// <summary>
/// Names for LP and MPS files. Node ids such as "Kansas City" become tokens of letters, digits and
/// underscores (≤ 40 characters, unique; a collision gets the node's number appended). Rows are
/// <c>b_{token}</c> (balance of a node), columns <c>x{arc}_{from}_{to}</c>; the arc number keeps
/// columns unique when two arcs join the same pair of nodes.
/// </summary>
internal sealed class ModelNames
{
    private const int MaxTokenLength = 40;

    public required string[] NodeTokens { get; init; }

    /// <summary>(original id, token) for every node whose token differs from its id.</summary>
    public required List<(string Id, string Token)> Renamed { get; init; }

    public static ModelNames For(FlowNetwork network)
    {
        var tokens = new string[network.NodeCount];
        var used = new HashSet<string>(network.NodeCount, StringComparer.Ordinal);
        var renamed = new List<(string, string)>();
        var builder = new StringBuilder();
        for (var v = 0; v < tokens.Length; v++)
        {
            var id = network.NodeIds[v];
            builder.Clear();
            foreach (var c in id)
            {
                if (builder.Length == MaxTokenLength) break;
                builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
            }
            var token = builder.ToString();
            if (!used.Add(token))
            {
                token = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{token}_{v}");
                used.Add(token);
            }
            tokens[v] = token;
            if (!string.Equals(token, id, StringComparison.Ordinal)) renamed.Add((id, token));
        }
        return new ModelNames { NodeTokens = tokens, Renamed = renamed };
    }
}
