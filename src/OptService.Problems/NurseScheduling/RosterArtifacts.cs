using System.Globalization;
using System.Net;
using System.Text;

namespace OptService.Problems.NurseScheduling;

/// <summary>The roster as files: a CSV grid (person × day) and a readable HTML table.</summary>
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

    public static byte[] Html(RosterInstance instance, RosterGrid grid, long? objective)
    {
        string[] dayNames = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Roster</title><style>")
            .Append("body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;padding:2px 6px;text-align:center}")
            .Append(".we{background:#eef}.off{color:#bbb}</style></head><body>");
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
                var css = (d % 7 >= 5 ? "we " : "") + (s == RosterGrid.Off ? "off" : "");
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"{css.Trim()}\">")
                    .Append(s == RosterGrid.Off ? "·" : WebUtility.HtmlEncode(instance.ShiftIds[s])).Append("</td>");
                if (s != RosterGrid.Off) worked++;
            }
            html.Append(CultureInfo.InvariantCulture, $"<td>{worked}</td></tr>");
        }
        html.Append("</table></body></html>");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static string Quote(string field) =>
        field.Contains(',', StringComparison.Ordinal) || field.Contains('"', StringComparison.Ordinal)
            ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : field;
}
