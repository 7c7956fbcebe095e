using OptService.Kinds;

namespace OptService.Jobs;

/// <summary>The registered problem kinds by name.</summary>
public sealed class ProblemKindCatalog(IEnumerable<IProblemKind> kinds)
{
    private readonly Dictionary<string, IProblemKind> _byName = kinds.ToDictionary(kind => kind.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IProblemKind> All => _byName.Values;

    public IProblemKind? Find(string name) => _byName.GetValueOrDefault(name);
}
