using OptService.Problems.Benchmarks;

// Benchmarks of the problem kinds, run the way the job service runs them; each prints a markdown table.
//   transshipment [nodes:arcs ...] [--solvers auto,glop,...] [--runs N]
//   flows [family,...|all] [--arcs 10000,100000] [--runs 3] [--engines auto,simplex,ortools]
//   nurse <timeLimitSeconds> <workers> <instance.txt>...
//   lp-parse [--variables V] [--constraints C] [--terms T] [--runs N] [--split] [--write FILE]
//   nurse-bound <seconds> <instance.txt[=upperBound]>...   (the Lagrangian lower bound alone)
//   nurse-enumerate <problem.json> [runs]
//   cp-sat-enumerate <model.json> [runs]
//   mincostflow-peer <problem.json>   (OR-Tools' MinCostFlow bare on a transshipment job's JSON; one line of JSON)
//   result-json [nodes:arcs] [--runs N]   (the transshipment result's JSON as the job writes it, against System.Text.Json)
//   flow-parse <problem.json> [--runs N]   (the submission's parse of a transshipment body, in its parts)
return args.FirstOrDefault() switch
{
    "transshipment" => await TransshipmentBenchmark.RunAsync(args[1..]),
    "flows" => await FlowFamilyBenchmark.RunAsync(args[1..]),
    "nurse" => await NurseBenchmark.RunAsync(args),
    "lp-parse" => LinearProgramParseBenchmark.Run(args[1..]),
    "nurse-bound" => NurseBoundBenchmark.Run(args[1..]),
    "nurse-enumerate" => await NurseEnumerateBenchmark.RunAsync(args),
    "cp-sat-enumerate" => await CpSatEnumerateBenchmark.RunAsync(args[1..]),
    "mincostflow-peer" => BareMinCostFlowPeer.Run(args[1..]),
    "result-json" => await ResultJsonBenchmark.RunAsync(args[1..]),
    "flow-parse" => FlowParseBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: transshipment [nodes:arcs ...] [--solvers a,b] [--runs N] | flows [families] [--arcs a,b] [--runs N] | nurse <timeLimitSeconds> <workers> <instance.txt>... | nurse-bound <seconds> <instance.txt[=upperBound]>... | nurse-enumerate <problem.json> [runs] | cp-sat-enumerate <model.json> [runs] | mincostflow-peer <problem.json> | lp-parse [--variables V] [--constraints C] [--terms T] [--runs N] [--split] [--write FILE]");
    return 2;
}
