using OptService.Jobs;

namespace OptService.Api.EventStream;

/// <summary>Data of a <c>status</c> event: the job entered <c>status</c> at <c>time</c>; <c>attempt</c> counts its starts (0 before the first).</summary>
public sealed record StatusEventData(JobStatus Status, DateTimeOffset? Time, int Attempt);

/// <summary>
/// Data of an <c>incumbent</c> event: the running solve's newest solution has this objective and, where the kind
/// proves one (CP-SAT, nurse rosters, MIP), this bound; <c>number</c> counts the incumbents stored so far.
/// The solution itself is at <c>/incumbent</c>.
/// </summary>
public sealed record IncumbentEventData(double? Objective, double? Bound, DateTimeOffset? Time, long Number);
