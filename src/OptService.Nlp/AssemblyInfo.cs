using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("OptService.Nlp.Tests")]
