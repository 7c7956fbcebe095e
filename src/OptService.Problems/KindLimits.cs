using Microsoft.Extensions.Configuration;

namespace OptService.Problems;

/// <summary>
/// The one way a kind reads its limits: configuration section <c>Kinds:&lt;kind name&gt;</c> bound onto the kind's
/// <c>&lt;Kind&gt;Limits</c> record, whose initializers are the defaults for whatever the section leaves out.
/// A kind's service constructor takes <see cref="IConfiguration"/> and passes <see cref="Bind{TLimits}"/>'s
/// record to its limits constructor.
/// </summary>
public static class KindLimits
{
    /// <summary>The configuration section of a kind's limits, e.g. <c>Kinds:transshipment</c>.</summary>
    public static string Section(string kindName) => "Kinds:" + kindName;

    /// <summary>The full key of one limit, as validation messages name it: <c>Kinds:transshipment:MaxNodes</c>.</summary>
    public static string Key(string kindName, string limit) => Section(kindName) + ":" + limit;

    /// <summary>The kind's limits from <c>Kinds:&lt;kindName&gt;</c>; the record's defaults where the section is silent.</summary>
    public static TLimits Bind<TLimits>(IConfiguration configuration, string kindName) where TLimits : class, new() =>
        configuration.GetSection(Section(kindName)).Get<TLimits>() ?? new TLimits();
}
