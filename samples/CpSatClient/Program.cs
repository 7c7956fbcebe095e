using OptService.Samples.CpSat;

// Usage: dotnet run --project samples/CpSatClient -- [service base address, default http://127.0.0.1:5080]
var address = args.Length > 0 ? args[0] : "http://127.0.0.1:5080";
using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
return await AssignmentClient.RunAsync(http, Console.Out);
