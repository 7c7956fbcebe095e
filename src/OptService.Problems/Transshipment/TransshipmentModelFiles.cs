using OptService.Kinds;

namespace OptService.Problems.Transshipment;

/// <summary>
/// model.lp and model.mps, written from the stored problem when first downloaded: they do not depend on
/// the solve, and writing both on every solve cost 0.4 s and 24 MB at 100,000 arcs.
/// </summary>
internal static class TransshipmentModelFiles
{
    public static IReadOnlyList<OnDemandFile> Files { get; } =
        [new("model.lp", "text/plain"), new("model.mps", "text/plain")];

    public static byte[]? Write(TransshipmentProblem problem, string name)
    {
        var network = FlowNetwork.From(problem);
        var writer = new ModelFileWriter(network, ModelNames.For(network));
        return name switch
        {
            "model.lp" => writer.WriteLp(),
            "model.mps" => writer.WriteMps(),
            _ => null,
        };
    }
}
