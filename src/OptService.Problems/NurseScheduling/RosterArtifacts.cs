using System.Globalization;
using System.Net;
using System.Text;

namespace OptService.Problems.NurseScheduling;

/// <summary>The roster as files: a CSV grid (person × day), a readable HTML table that marks every violated soft
/// constraint (request cells outlined, with the reason as a tooltip; one cover row per shift type), and a CSV list
/// of the violations.</summary>
internal static class RosterArtifacts
{
    public static byte[] Csv(RosterInstance instance, RosterGrid grid)
    {
        var csv = new StringBuilder();
        csv.Append("nurse");
        for (var d = 0; d < instance.Days; d++) csv.Append(CultureInfo.InvariantCulture, $",day{d}");
        csv.Append('\n');
        for (var e = 0; e < instance.StaffCount; e++)
        {
            csv.Append(Quote(instance.Staff[e].Id));
            for (var d = 0; d < instance.Days; d++)
                csv.Append(',').Append(grid.Shift[e, d] == RosterGrid.Off ? "" : Quote(instance.ShiftIds[grid.Shift[e, d]]));
            csv.Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>penalties.csv: one line per violated soft constraint (rule, nurse, day, shift, penalty, detail).</summary>
    public static byte[] PenaltiesCsv(PenaltyBreakdown penalty)
    {
        var csv = new StringBuilder("rule,nurse,day,shift,penalty,detail\n");
        foreach (var v in penalty.Violations)
            csv.Append(CultureInfo.InvariantCulture,
                $"{v.Rule},{Quote(v.Nurse ?? "")},{v.Day},{Quote(v.Shift)},{v.Penalty},{Quote(v.Detail)}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    public static byte[] Html(RosterInstance instance, RosterGrid grid, long? objective)
    {
        var penalty = RosterPenalty.Evaluate(instance, grid);
        var staffIndex = Enumerable.Range(0, instance.StaffCount).ToDictionary(e => instance.Staff[e].Id, StringComparer.Ordinal);
        var requestNotes = penalty.Violations.Where(v => v.Nurse is not null)
            .GroupBy(v => (staffIndex[v.Nurse!], v.Day))
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(v => v.Detail)));
        var coverNotes = penalty.Violations.Where(v => v.Nurse is null)
            .ToDictionary(v => (v.Day, v.Shift), v => v.Detail);
        string[] dayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Roster</title><style>")
            .Append("body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:center}")
            .Append(".we{background:#eef}.off{color:#bbb}.bad{outline:2px solid #c00;outline-offset:-2px}</style></head><body>");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Roster</h1><p>{instance.StaffCount} people, {instance.Days} days");
        if (objective is { } value) html.Append(CultureInfo.InvariantCulture, $", penalty {value}");
        html.Append("</p><table><tr><th>Person</th>");
        for (var d = 0; d < instance.Days; d++)
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"{(d % 7 >= 5 ? "we" : "")}\">{d}<br>{dayNames[d % 7]}</th>");
        html.Append("<th>Shifts</th></tr>");
        for (var e = 0; e < instance.StaffCount; e++)
        {
            html.Append("<tr><th>").Append(WebUtility.HtmlEncode(instance.Staff[e].Id)).Append("</th>");
            var worked = 0;
            for (var d = 0; d < instance.Days; d++)
            {
                var s = grid.Shift[e, d];
                var note = requestNotes.GetValueOrDefault((e, d));
                var css = (d % 7 >= 5 ? "we " : "") + (s == RosterGrid.Off ? "off " : "") + (note is null ? "" : "bad");
                var title = note is null ? "" : $" title=\"{WebUtility.HtmlEncode(note)}\"";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"{css.Trim()}\"{title}>")
                    .Append(s == RosterGrid.Off ? "·" : WebUtility.HtmlEncode(instance.ShiftIds[s])).Append("</td>");
                if (s != RosterGrid.Off) worked++;
            }
            html.Append(CultureInfo.InvariantCulture, $"<td>{worked}</td></tr>");
        }
        AppendCoverRows(html, instance, grid, coverNotes);
        html.Append("</table>");
        if (penalty.Violations.Count > 0)
            html.Append(CultureInfo.InvariantCulture,
                $"<p>{penalty.Violations.Count} violated soft constraints, outlined in red (hover for the reason); the list is in penalties.csv.</p>");
        html.Append("</body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    // One row per shift type: people on it / required, outlined where cover is under or over its requirement.
    private static void AppendCoverRows(StringBuilder html, RosterInstance instance, RosterGrid grid, Dictionary<(int Day, string Shift), string> coverNotes)
    {
        var required = new int?[instance.Days, instance.ShiftCount];
        foreach (var c in instance.Cover) required[c.Day, c.Shift] = c.Requirement;
        for (var s = 0; s < instance.ShiftCount; s++)
        {
            html.Append("<tr><th>cover ").Append(WebUtility.HtmlEncode(instance.ShiftIds[s])).Append("</th>");
            for (var d = 0; d < instance.Days; d++)
            {
                var people = 0;
                for (var e = 0; e < instance.StaffCount; e++)
                    if (grid.Shift[e, d] == s) people++;
                var note = coverNotes.GetValueOrDefault((d, instance.ShiftIds[s]));
                var css = (d % 7 >= 5 ? "we " : "") + (note is null ? "" : "bad");
                var title = note is null ? "" : $" title=\"{WebUtility.HtmlEncode(note)}\"";
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"{css.Trim()}\"{title}>{people}")
                    .Append(required[d, s] is { } r ? string.Create(CultureInfo.InvariantCulture, $"/{r}") : "").Append("</td>");
            }
            html.Append("<td></td></tr>");
        }
    }

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
