using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Google.OrTools.Sat;
using Google.Protobuf;

namespace OptService.Samples.CpSat;

/// <summary>
/// The assignment problem of the OR-Tools documentation, solved by OptService instead of in-process: five workers,
/// four tasks, each task done by exactly one worker, each worker doing at most one task, least total cost (265).
/// </summary>
public static class AssignmentClient
{
    private static readonly int[][] Costs =
    [
        [90, 80, 75, 70],
        [35, 85, 55, 65],
        [125, 95, 90, 95],
        [45, 110, 95, 115],
        [50, 100, 90, 100],
    ];

    /// <summary>Builds the model, submits it, waits for the job and prints the assignment. 0 when it is optimal.</summary>
    public static async Task<int> RunAsync(HttpClient http, TextWriter output)
    {
        // 1. The model, exactly as an OR-Tools user writes it.
        var model = new CpModel();
        var workers = Costs.Length;
        var tasks = Costs[0].Length;
        var x = new BoolVar[workers, tasks];
        for (var w = 0; w < workers; w++)
            for (var t = 0; t < tasks; t++)
                x[w, t] = model.NewBoolVar($"x_{w}_{t}");
        for (var w = 0; w < workers; w++)
            model.AddAtMostOne(Enumerable.Range(0, tasks).Select(t => x[w, t]));
        for (var t = 0; t < tasks; t++)
            model.AddExactlyOne(Enumerable.Range(0, workers).Select(w => x[w, t]));
        var terms = new List<LinearExpr>();
        for (var w = 0; w < workers; w++)
            for (var t = 0; t < tasks; t++)
                terms.Add(Costs[w][t] * x[w, t]);
        model.Minimize(LinearExpr.Sum(terms));

        // 2. Submit it as protobuf JSON (what Python's json_format.MessageToJson writes) with a time limit.
        var request = new JsonObject
        {
            ["model"] = JsonNode.Parse(JsonFormatter.Default.Format(model.Model)),
            ["options"] = new JsonObject { ["timeLimitSeconds"] = 10, ["workers"] = 2 },
        };
        using var submitted = await http.PostAsJsonAsync("/api/v1/jobs/cp-sat", request);
        var accepted = await submitted.Content.ReadFromJsonAsync<JsonObject>();
        if (!submitted.IsSuccessStatusCode)
        {
            await output.WriteLineAsync($"rejected ({(int)submitted.StatusCode}): {accepted}");
            return 1;
        }
        var id = accepted!["id"]!.GetValue<string>();
        await output.WriteLineAsync($"job {id} queued");

        // 3. Wait: the request is held until the job ends (at most 30 s per call).
        JsonObject job;
        do job = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}?waitSeconds=30"))!;
        while (job["status"]!.GetValue<string>() is "queued" or "running");
        var outcome = job["outcome"]?.GetValue<string>();
        await output.WriteLineAsync($"job {job["status"]}, outcome {outcome}");
        if (outcome is not ("optimal" or "feasible")) return 1;

        // 4. Read the values back into the model's variables by name.
        var result = (await http.GetFromJsonAsync<JsonObject>($"/api/v1/jobs/{id}/result"))!;
        var values = result["valuesByName"]!.AsObject();
        var total = 0;
        for (var w = 0; w < workers; w++)
        {
            for (var t = 0; t < tasks; t++)
            {
                if (values[x[w, t].Name()]!.GetValue<long>() != 1) continue;
                total += Costs[w][t];
                await output.WriteLineAsync($"worker {w} does task {t} (cost {Costs[w][t]})");
            }
        }
        await output.WriteLineAsync($"total cost {total}, objective {result["objective"]}, bound {result["bound"]}, " +
                                    $"{result["statistics"]!["wallTimeSeconds"]} s in CP-SAT");
        return outcome == "optimal" ? 0 : 1;
    }
}
