#!/usr/bin/env python3
"""Warm start against cold start through a running service (?warmStartFrom=, docs/live-jobs.md).

nrp:   NRP Instance6 solved for --seed-seconds, then re-solved --runs times from that job's roster and --runs times
       from scratch (alternating), each with --seconds; prints the objective at the limit and the time at which the
       log first shows a roster at least as good as the seed job's.
lunar: the seed landing on 500 intervals, then 5,000 intervals --runs times from that trajectory and --runs times
       cold (alternating); prints iterations and solver seconds.
Standard library only.  python3 scripts/warmstart_measure.py --base http://127.0.0.1:5187 nrp|lunar
"""
import argparse, json, re, statistics, sys, time, urllib.request

def call(base, method, path, body=None, content_type="application/json"):
    request = urllib.request.Request(base + path, data=body, method=method, headers={"Content-Type": content_type} if body else {})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"null")

def solve(base, path, body, content_type):
    job = call(base, "POST", path, body, content_type)
    while job["status"] in ("queued", "running"):
        job = call(base, "GET", f"/api/v1/jobs/{job['id']}?waitSeconds=30")
    if job["status"] != "succeeded":
        sys.exit(f"{path}: {job}")
    return job

def log_lines(base, job_id):
    lines, after = [], 0
    while True:
        page = call(base, "GET", f"/api/v1/jobs/{job_id}/logs?afterSeq={after}&limit=1000")
        lines += [line["message"] for line in page["lines"]]
        if not page["lines"]:
            return lines
        after = page["nextAfterSeq"]

SOLUTION = re.compile(r"^solution \d+: objective (\d+).*?, ([0-9.]+) s$")

def first_time_at_most(lines, target):
    for line in lines:
        m = SOLUTION.match(line)
        if m and int(m.group(1)) <= target:
            return float(m.group(2))
    return None

def nrp(args):
    text = open(args.instance, "rb").read()
    query = f"timeLimitSeconds={args.seed_seconds}"
    seed = solve(args.base, f"/api/v1/jobs/nurse-scheduling/nrp?{query}", text, "text/plain")
    target = int(seed["objective"])
    print(f"seed job {seed['id']}: objective {target} after {args.seed_seconds} s")
    rows = {"warm": [], "cold": []}
    for run in range(args.runs):
        for mode in ("warm", "cold"):
            extra = f"&warmStartFrom={seed['id']}" if mode == "warm" else ""
            job = solve(args.base, f"/api/v1/jobs/nurse-scheduling/nrp?timeLimitSeconds={args.seconds}{extra}", text, "text/plain")
            reached = first_time_at_most(log_lines(args.base, job["id"]), target)
            rows[mode].append((int(job["objective"]), reached))
            print(f"{mode} run {run + 1}: objective {int(job['objective'])} at {args.seconds} s; first roster <= {target} at {reached} s", flush=True)
    for mode, values in rows.items():
        reached = [r for _, r in values if r is not None]
        print(f"{mode}: median objective {statistics.median(o for o, _ in values)}, "
              f"median time to <= {target}: {statistics.median(reached) if reached else 'never'} ({len(reached)}/{len(values)} runs reached it)")

def lunar(args):
    seed = json.load(open(args.landing))
    def body(intervals):
        seed["discretization"] = {"method": args.method, "intervals": intervals}
        return json.dumps(seed).encode()
    coarse = solve(args.base, "/api/v1/jobs/lunar-landing", body(500), "application/json")
    print(f"500-interval job {coarse['id']}: fuel {coarse['objective']}")
    rows = {"warm": [], "cold": []}
    for run in range(args.runs):
        for mode in ("warm", "cold"):
            extra = f"?warmStartFrom={coarse['id']}" if mode == "warm" else ""
            job = solve(args.base, f"/api/v1/jobs/lunar-landing{extra}", body(5000), "application/json")
            result = call(args.base, "GET", f"/api/v1/jobs/{job['id']}/result")
            rows[mode].append((result["iterations"], result["solveSeconds"], result["fuel"]))
            print(f"{mode} run {run + 1}: {result['outcome']}, {result['iterations']} iterations, {result['solveSeconds']:.3f} s, fuel {result['fuel']:.10f}", flush=True)
    for mode, values in rows.items():
        print(f"{mode}: median {statistics.median(i for i, _, _ in values)} iterations, {statistics.median(s for _, s, _ in values):.3f} s")

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5187")
    parser.add_argument("--runs", type=int, default=3)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("nrp")
    p.add_argument("--instance", default="../shared/fixtures/nrp/Instance6.txt")
    p.add_argument("--seed-seconds", type=int, default=10)
    p.add_argument("--seconds", type=int, default=10)
    p = sub.add_parser("lunar")
    p.add_argument("--landing", default="../shared/fixtures/seed/lunar-seed.json")
    p.add_argument("--method", default="forward-euler")
    args = parser.parse_args()
    nrp(args) if args.what == "nrp" else lunar(args)
