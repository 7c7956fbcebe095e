namespace OptService.Kinds;

/// <summary>
/// A file a kind writes from the stored problem when it is first downloaded, not on every solve (a model
/// export few users fetch). It is listed with the job's files from the start; its first download writes
/// and stores it.
/// </summary>
/// <param name="Name">The file name, e.g. <c>model.lp</c>.</param>
/// <param name="ContentType">Its media type, e.g. <c>text/plain</c>.</param>
/// <param name="FromSolution">Written from the stored result as well (a solution's CSV): listed only once the job has a solution.</param>
public sealed record OnDemandFile(string Name, string ContentType, bool FromSolution = false);
