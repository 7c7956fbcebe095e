using OptService.Problems.Benchmarks;

// Benchmarks of the problem kinds, run the way the job service runs them; each prints a markdown table.
//   transshipment [nodes:arcs ...] [--solvers auto,glop,...] [--runs N]
//   nurse <timeLimitSeconds> <workers> <instance.txt>...
//   nurse-enumerate <problem.json> [runs]
return args.FirstOrDefault() switch
{
    "transshipment" => await TransshipmentBenchmark.RunAsync(args[1..]),
    "nurse" => await NurseBenchmark.RunAsync(args),
    "nurse-enumerate" => await NurseEnumerateBenchmark.RunAsync(args),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: transshipment [nodes:arcs ...] [--solvers a,b] [--runs N] | nurse <timeLimitSeconds> <workers> <instance.txt>... | nurse-enumerate <problem.json> [runs]");
    return 2;
}
