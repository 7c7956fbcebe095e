#!/usr/bin/env python3
"""Per-phase timings of large transshipment jobs, end to end through the HTTP API (issue 10).

Generates a NETGEN-like network (sources paired with sinks through chains of transshipment nodes, random
arcs with capacities, minimum flows on 5% of the arcs, all feasible by construction), submits it --runs
times one after another to a running service, and prints a markdown table of medians:

  upload  POST sent -> body read by the server (client's view minus the server's phases)
  parse   JSON parse and validation (Server-Timing: parse)
  store   insert of the job (Server-Timing: store); for a large body what is left of its write after the parse, and the job row
  stage   a large body's write to the store, which runs beside the parse (Server-Timing: stage; 0 when not staged);
          not part of the sum of the phases
  pickup  job stored -> claimed by a worker (startedAt - createdAt - store)
  claim   the claim's own write: startedAt -> the "started on" line
  load    problem read from the store + deserialized (the "finished" and debug lines; 0 when the worker in the
          same process takes the problem object parsed at submission)
  build   network arrays, structural checks, method choice (started -> solve line, minus solve and load)
  solve   the solver's own time ("... s solve")
  extract answer check, marginal costs, result records (solve line -> "objective" line)
  result  "objective" line -> "finished" line: the result's JSON (also logged as "result JSON: ... ms"), the last heartbeat
  finish  "finished" line -> client reads the terminal status: final store write, long poll
  e2e     POST sent -> client reads the terminal status (long poll)
  files   first download of model.lp, then of flows.csv (written on demand from the stored problem and
          result), not part of e2e

With --peer, after each of our runs, OR-Tools' MinCostFlow solves the SAME network bare, in a
fresh process (tests/OptService.Problems.Benchmarks `mincostflow-peer`: reads the same JSON file, builds, solves),
and a second table gives our end to end, the peer's read + parse + build + solve, and their ratio (medians).

Only the standard library. Usage:
  python3 scripts/bigjobs_phases.py --base http://127.0.0.1:5080 --size 10000x100000 --runs 5
  python3 scripts/bigjobs_phases.py --base http://127.0.0.1:5080 --size 50000x500000 --runs 3 \
      --peer tests/OptService.Problems.Benchmarks/bin/Release/net10.0/OptService.Problems.Benchmarks.dll
"""
import argparse, json, os, random, re, statistics, subprocess, tempfile, time, urllib.request
from datetime import datetime


def netgen_like(nodes, arcs, seed=1, sources=500, sinks=500, min_flow_share=0.05):
    rng = random.Random(seed)
    sources = min(sources, nodes // 4)
    sinks = min(sinks, nodes // 4)
    supply = [0] * nodes
    demand = [0] * nodes
    arc_list = []
    chain_arcs = []
    middle = list(range(sources + sinks, nodes))
    for s in range(sources):
        t = sources + (s % sinks)
        amount = rng.randint(50, 500)
        supply[s] += amount
        demand[t] += amount
        # A chain source -> a few transshipment nodes -> its sink, uncapacitated: feasibility by construction.
        hops = rng.sample(middle, min(len(middle), rng.randint(2, 6)))
        path = [s] + hops + [t]
        for u, v in zip(path, path[1:]):
            chain_arcs.append((len(arc_list), amount))
            arc_list.append([u, v, rng.randint(50, 100), 0, None])
    while len(arc_list) < arcs:
        u = rng.randrange(nodes)
        v = rng.randrange(nodes)
        if u == v:
            continue
        arc_list.append([u, v, rng.randint(1, 100), 0, rng.randint(100, 1000)])
    # Minimum flows on 5% of the arcs, on chain arcs and at most half of what their chain carries.
    rng.shuffle(chain_arcs)
    for index, carried in chain_arcs[: int(min_flow_share * len(arc_list))]:
        arc_list[index][3] = min(carried, rng.randint(1, max(1, carried // 2)))
    problem = {
        "name": f"netgen-like {nodes}x{arcs}",
        "nodes": [{"id": f"n{i}", "supply": supply[i], "demand": demand[i]} for i in range(nodes)],
        "arcs": [
            {"from": f"n{u}", "to": f"n{v}", "cost": c, **({"minFlow": lo} if lo else {}), **({"maxFlow": hi} if hi is not None else {})}
            for u, v, c, lo, hi in arc_list
        ],
    }
    return json.dumps(problem, separators=(",", ":")).encode()


def request(base, method, path, body=None, headers=None):
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=600) as response:
        return response.status, dict(response.headers), response.read()


def iso(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def one_run(base, body):
    t0 = time.time()
    status, headers, payload = request(base, "POST", "/api/v1/jobs/transshipment", body, {"Content-Type": "application/json"})
    t_submitted = time.time()
    if status != 202:
        raise SystemExit(f"submit answered {status}: {payload[:300]}")
    timing = dict((m.group(1), float(m.group(2))) for m in re.finditer(r"(\w+);dur=([\d.]+)", headers.get("Server-Timing", "")))
    job_id = json.loads(payload)["id"]
    while True:
        _, _, payload = request(base, "GET", f"/api/v1/jobs/{job_id}?waitSeconds=60")
        job = json.loads(payload)
        if job["status"] not in ("queued", "running"):
            break
    t_done = time.time()
    if job["status"] != "succeeded":
        raise SystemExit(f"job {job_id} {job['status']}: {job.get('error')}")
    _, _, payload = request(base, "GET", f"/api/v1/jobs/{job_id}/logs")
    lines = json.loads(payload)["lines"]

    def line(prefix):
        return next(l for l in lines if re.search(prefix, l["message"]))

    def ms_of(pattern):
        # absent when the worker got the problem object parsed at submission (same process)
        found = [m for m in (re.search(pattern, l["message"]) for l in lines) if m]
        return float(found[0].group(1)) if found else 0.0

    loaded_ms = ms_of(r"^finished: .*read from the store in ([\d.]+) ms")
    read_ms = ms_of(r"^problem deserialized: .* in ([\d.]+) ms")
    solve_line = line(r" s solve, ")
    solve_ms = 1000 * float(re.search(r"\(([\d.]+) s solve", solve_line["message"]).group(1))
    objective_line = line(r"^objective ")
    finished_line = line(r"^finished: ")
    # stage ran beside parse: not a phase of its own on the request's path
    server_ms = sum(v for k, v in timing.items() if k != "stage")
    t_files = time.time()
    request(base, "GET", f"/api/v1/jobs/{job_id}/artifacts/model.lp")
    request(base, "GET", f"/api/v1/jobs/{job_id}/artifacts/flows.csv")
    files_ms = 1000 * (time.time() - t_files)
    _, _, payload = request(base, "GET", f"/api/v1/jobs/{job_id}/result")
    objective = json.loads(payload).get("objective")
    return {
        "objective": objective,
        "upload": 1000 * (t_submitted - t0) - server_ms + timing.get("read", 0),
        "parse": timing.get("parse", float("nan")),
        "store": timing.get("store", float("nan")),
        "stage": timing.get("stage", 0.0),
        "pickup": 1000 * (iso(job["startedAt"]) - iso(job["createdAt"])) - timing.get("store", 0),
        "claim": 1000 * (iso(line(r"^started on")["time"]) - iso(job["startedAt"])),
        "load": loaded_ms + read_ms,
        "build": 1000 * (iso(solve_line["time"]) - iso(line(r"^started on")["time"])) - solve_ms - read_ms,
        "solve": solve_ms,
        "extract": 1000 * (iso(objective_line["time"]) - iso(solve_line["time"])),
        "result": 1000 * (iso(finished_line["time"]) - iso(objective_line["time"])),
        "finish": 1000 * t_done - 1000 * iso(finished_line["time"]),
        "e2e": 1000 * (t_done - t0),
        "files": files_ms,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5080")
    parser.add_argument("--size", action="append", help="NODESxARCS (repeatable); default 10000x100000 and 50000x500000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--each", action="store_true", help="also print every run's row (before the medians)")
    parser.add_argument("--peer", help="path of OptService.Problems.Benchmarks.dll: also time OR-Tools' MinCostFlow bare")
    args = parser.parse_args()
    sizes = args.size or ["10000x100000", "50000x500000"]
    peer_rows = []
    phases = ["upload", "parse", "store", "stage", "pickup", "claim", "load", "build", "solve", "extract", "result", "finish", "e2e", "files"]
    print("| network | body MB | " + " | ".join(phases) + " |")
    print("|---|---:|" + "---:|" * len(phases))
    for size in sizes:
        nodes, arcs = (int(v) for v in size.split("x"))
        body = netgen_like(nodes, arcs)
        # With --peer, each of our runs is followed by one of the peer's: both see the same machine load.
        runs, peers = [], []
        for _ in range(args.runs):
            runs.append(one_run(args.base, body))
            if args.each:
                print(f"| {nodes:,} / {arcs:,}, run {len(runs)} | {len(body) / 1e6:.1f} | " + " | ".join(f"{runs[-1][p]:.0f}" for p in phases) + " |", flush=True)
            if args.peer:
                peers.extend(peer_runs(args.peer, body, 1))
        medians = [statistics.median(r[p] for r in runs) for p in phases]
        print(f"| {nodes:,} / {arcs:,} | {len(body) / 1e6:.1f} | " + " | ".join(f"{m:.0f}" for m in medians) + " |", flush=True)
        if args.peer:
            peer_rows.append((nodes, arcs, runs, peers))
    print(f"\nmilliseconds, medians of {args.runs} runs each, one job at a time")
    if peer_rows:
        print("\n| network | our e2e | peer read | peer parse | peer build | peer solve | peer total | peer / ours | same objective |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        for nodes, arcs, ours, peers in peer_rows:
            e2e = statistics.median(r["e2e"] for r in ours)
            med = {k: statistics.median(p[k] for p in peers) for k in ("readMs", "parseMs", "buildMs", "solveMs", "totalMs")}
            same = all(p["objective"] == r["objective"] for p in peers for r in ours)
            print(f"| {nodes:,} / {arcs:,} | {e2e:.0f} | {med['readMs']:.0f} | {med['parseMs']:.0f} | {med['buildMs']:.0f} | "
                  f"{med['solveMs']:.0f} | {med['totalMs']:.0f} | {med['totalMs'] / e2e:.2f} | {'yes' if same else 'NO'} |")
        print("\npeer: OR-Tools MinCostFlow in a fresh process per run (runtime start not counted), the same JSON file")


def peer_runs(dll, body, runs):
    """OR-Tools' MinCostFlow on the same network, each run in a fresh process."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as file:
        file.write(body)
        path = file.name
    try:
        results = []
        for _ in range(runs):
            done = subprocess.run(["dotnet", dll, "mincostflow-peer", path], capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise SystemExit(f"peer failed ({done.returncode}): {done.stdout[-300:]} {done.stderr[-300:]}")
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        return results
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
