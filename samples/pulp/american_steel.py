#!/usr/bin/python3
"""The American Steel transshipment problem as a PuLP model, solved by OptService.

The reference study's PuLP script builds this model and calls prob.solve(). This one changes that one
step: it writes the model as MPS (or LP), POSTs it to the service's linear-program kind, waits for the
job, and reads the solution back into the PuLP variables, so the report below is the same.

Needs only the Python standard library and Debian's python3-pulp (apt-get install python3-pulp).
Usage:
    /usr/bin/python3 samples/pulp/american_steel.py [--url http://127.0.0.1:5080] [--api-key KEY]
                                                  [--format mps|lp] [--solver auto|glop|highs|scip|cbc|pdlp]
The address and key may also come from OPTSERVICE_URL and OPTSERVICE_API_KEY.
Exit status: 0 optimal, 1 the service or the job failed, 2 solved but not optimal.
"""
import argparse
import json
import os
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

from pulp import LpInteger, LpMinimize, LpProblem, LpStatus, LpVariable, lpSum, value

# --- The model, as the reference study's script builds it (data: samples/american-steel.json) ---------------
NODES = ["Youngstown", "Pittsburgh", "Cincinnati", "Kansas City", "Chicago", "Albany", "Houston", "Tempe", "Gary"]
NODE_DATA = {  # node: [supply, demand], thousands of tons per month
    "Youngstown": [10000, 0],
    "Pittsburgh": [15000, 0],
    "Cincinnati": [0, 0],
    "Kansas City": [0, 0],
    "Chicago": [0, 0],
    "Albany": [0, 3000],
    "Houston": [0, 7000],
    "Tempe": [0, 4000],
    "Gary": [0, 6000],
}
ARC_DATA = {  # (from, to): [cost per ton, minimum flow, maximum flow]
    ("Youngstown", "Albany"): [0.5, 0, 1000],
    ("Youngstown", "Cincinnati"): [0.35, 0, 3000],
    ("Youngstown", "Kansas City"): [0.45, 1000, 5000],
    ("Youngstown", "Chicago"): [0.375, 0, 5000],
    ("Pittsburgh", "Cincinnati"): [0.35, 0, 2000],
    ("Pittsburgh", "Kansas City"): [0.45, 2000, 3000],
    ("Pittsburgh", "Chicago"): [0.4, 0, 4000],
    ("Pittsburgh", "Gary"): [0.45, 0, 2000],
    ("Cincinnati", "Albany"): [0.35, 1000, 5000],
    ("Cincinnati", "Houston"): [0.55, 0, 6000],
    ("Kansas City", "Houston"): [0.375, 0, 4000],
    ("Kansas City", "Tempe"): [0.65, 0, 4000],
    ("Chicago", "Tempe"): [0.6, 0, 2000],
    ("Chicago", "Gary"): [0.12, 0, 4000],
}
ARCS = list(ARC_DATA)


def build_model():
    """The flow on each arc is an integer between its bounds; every node ships out at most what it has."""
    flows = LpVariable.dicts("Route", ARCS, None, None, LpInteger)
    for arc in ARCS:
        flows[arc].bounds(ARC_DATA[arc][1], ARC_DATA[arc][2])
    prob = LpProblem("American_Steel_Problem", LpMinimize)
    prob += lpSum(flows[arc] * ARC_DATA[arc][0] for arc in ARCS), "Total Cost of Transport"
    for n in NODES:
        supply, demand = NODE_DATA[n]
        prob += (supply + lpSum(flows[(i, j)] for (i, j) in ARCS if j == n)
                 >= demand + lpSum(flows[(i, j)] for (i, j) in ARCS if i == n)), f"Steel Flow Conservation in Node {n}"
    return prob, flows


# --- The one changed step: solve on OptService instead of prob.solve() ---------------------------------------
TERMINAL = {"succeeded", "failed", "cancelled"}
# The service's verdict as PuLP's status codes: 1 Optimal, 0 Not Solved, -1 Infeasible, -2 Unbounded, -3 Undefined.
PULP_STATUS = {"optimal": 1, "feasible": 0, "infeasible": -1, "unbounded": -2, "timeLimit": 0, "notSolved": 0}


class ServiceError(Exception):
    pass


def request(base, api_key, method, path, body=None, content_type=None, timeout=120):
    headers = {"Accept": "application/json"}
    if content_type:
        headers["Content-Type"] = content_type
    if api_key:
        headers["X-Api-Key"] = api_key
    req = urllib.request.Request(base.rstrip("/") + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")
        raise ServiceError(f"{method} {path}: HTTP {error.code}: {detail}") from None
    except urllib.error.URLError as error:
        raise ServiceError(f"{method} {path}: {error.reason}") from None


def write_model(prob, model_format):
    """PuLP writes the file; names are PuLP's mangled ones (spaces become _), which is what v.name says too."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "american-steel." + model_format)
        if model_format == "mps":
            prob.writeMPS(path)
        else:
            prob.writeLP(path)
        with open(path, "rb") as file:
            return file.read()


def solve_on_service(prob, base, api_key, model_format, solver, wait_seconds):
    query = urllib.parse.urlencode({"solver": solver})
    job = request(base, api_key, "POST", f"/api/v1/jobs/linear-program/{model_format}?{query}",
                  write_model(prob, model_format), "text/plain")
    job_id = job["id"]
    print(f"job {job_id} submitted to {base}", file=sys.stderr)
    deadline = time.monotonic() + wait_seconds
    while job["status"] not in TERMINAL:
        if time.monotonic() > deadline:
            raise ServiceError(f"job {job_id} still {job['status']} after {wait_seconds} s")
        job = request(base, api_key, "GET", f"/api/v1/jobs/{job_id}?waitSeconds=30")
    if job["status"] != "succeeded":
        raise ServiceError(f"job {job_id} {job['status']}: {job.get('error') or job.get('message') or ''}")
    result = request(base, api_key, "GET", f"/api/v1/jobs/{job_id}/result")
    read_solution_into(prob, result)
    return result


def read_solution_into(prob, result):
    """Values, reduced costs and duals go back into the PuLP objects by name, as prob.solve() leaves them."""
    variables = {v.name: v for v in prob.variables()}
    returned = {entry["name"]: entry for entry in result["variables"]}
    missing = sorted(set(variables) - set(returned))
    if missing:
        raise ServiceError(f"the result has no value for {', '.join(missing)}")
    for name, variable in variables.items():
        variable.varValue = float(returned[name]["value"])
        variable.dj = returned[name].get("reducedCost")
    rows = {entry["name"]: entry for entry in result.get("constraints", [])}
    for name, constraint in prob.constraints.items():
        if name in rows:
            constraint.pi = rows[name].get("dual")
            constraint.slack = -constraint.constant - rows[name]["activity"]
    prob.status = PULP_STATUS.get(result["outcome"], -3)


def main():
    parser = argparse.ArgumentParser(description="American Steel (PuLP) solved by OptService")
    parser.add_argument("--url", default=os.environ.get("OPTSERVICE_URL", "http://127.0.0.1:5080"),
                        help="service base address (env OPTSERVICE_URL)")
    parser.add_argument("--api-key", default=os.environ.get("OPTSERVICE_API_KEY"),
                        help="API key sent as X-Api-Key (env OPTSERVICE_API_KEY)")
    parser.add_argument("--format", choices=["mps", "lp"], default="mps", help="file format to send (default mps)")
    parser.add_argument("--solver", default="auto", help="backend: auto, glop, pdlp, highs, scip or cbc")
    parser.add_argument("--wait", type=float, default=300, help="give up after this many seconds")
    args = parser.parse_args()

    prob, _ = build_model()
    try:
        result = solve_on_service(prob, args.url, args.api_key, args.format, args.solver, args.wait)
    except ServiceError as error:
        print(f"american_steel: {error}", file=sys.stderr)
        return 1

    # The report of the reference study's script.
    print("Status:", LpStatus[prob.status])
    for v in prob.variables():
        print(v.name, "=", v.varValue)
    print("Total Cost of Transportation = ", value(prob.objective))
    print(f"(solver {result['solver']}, outcome {result['outcome']}, {result['solveSeconds']:.3f} s)", file=sys.stderr)
    return 0 if result["outcome"] == "optimal" else 2


if __name__ == "__main__":
    sys.exit(main())
