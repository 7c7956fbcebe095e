namespace OptService.Api.Tests.Fuzz;

/// <summary>Generates hostile bodies for one submit route from its valid seed bodies.</summary>
internal interface IBodyMutations
{
    /// <summary>A valid body (the first seed), the base of the header and size cases.</summary>
    byte[] ValidBody { get; }

    /// <summary>Hand-picked extremes: empty, BOMs, invalid UTF-8, deep nesting, 10 MB strings, huge arrays, ...</summary>
    IEnumerable<FuzzCase> Catalogue();

    /// <summary>
    /// Bodies just under the size limit that break a problem-size or length limit (10 MB ids and names, huge arrays):
    /// each must be a 400, also when many arrive at once. Part of <see cref="Catalogue"/> too.
    /// </summary>
    IEnumerable<FuzzCase> Oversized();

    /// <summary>Every field (or line field) of every seed with every hostile value.</summary>
    IEnumerable<FuzzCase> EveryField();

    /// <summary>A random mutation of a random seed.</summary>
    FuzzCase Random();
}
