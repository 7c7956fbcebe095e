using System.Diagnostics;
using System.Globalization;

namespace OptService.Api.JobsApi;

/// <summary>
/// The phases of a submission in a <c>Server-Timing</c> response header (<c>read;dur=12.3, parse;dur=80.1,
/// store;dur=40.2</c>, milliseconds): the body's upload as the server saw it, parsing with validation, and
/// the insert (for a large body: what is left of its write after the parse, and the job row), plus <c>stage</c>, the
/// large body's write that ran beside the parse. Browsers' developer tools show it; scripts/bigjobs-phases.sh builds its table from it.
/// </summary>
internal sealed class SubmitTiming
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _phases = [];
    private readonly HttpResponse _response;

    private SubmitTiming(HttpResponse response) => _response = response;

    public static SubmitTiming Start(HttpContext http)
    {
        var timing = new SubmitTiming(http.Response);
        http.Items[typeof(SubmitTiming)] = timing;
        return timing;
    }

    /// <summary>The timing of this request, if its route started one.</summary>
    public static SubmitTiming? Of(HttpContext http) => http.Items.TryGetValue(typeof(SubmitTiming), out var timing) ? timing as SubmitTiming : null;

    /// <summary>Ends a phase (the time since the previous mark) and rewrites the header.</summary>
    public void Mark(string phase)
    {
        Add(phase, _clock.Elapsed);
        _clock.Restart();
    }

    /// <summary>Adds a phase that ran beside the others (<c>stage</c>: the body's write while it was parsed) and rewrites the header.</summary>
    public void Add(string phase, TimeSpan duration)
    {
        _phases.Add(string.Create(CultureInfo.InvariantCulture, $"{phase};dur={duration.TotalMilliseconds:0.0}"));
        if (!_response.HasStarted) _response.Headers["Server-Timing"] = string.Join(", ", _phases);
    }
}
