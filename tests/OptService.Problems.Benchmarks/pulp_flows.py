"""PuLP + CBC on a transshipment problem file (the JSON the service takes), the peer of the 'flows'
benchmark: builds the model as a PuLP user would (integer flows, one constraint per node,
supply + inflow >= demand + outflow), solves it with CBC and prints build and solve seconds and the
objective. Usage: /usr/bin/python3 pulp_flows.py problem.json ..."""
import json
import sys
import time

import pulp

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        problem = json.load(f)
    start = time.perf_counter()
    model = pulp.LpProblem("flows", pulp.LpMinimize)
    flows = []
    balance = {n["id"]: [] for n in problem["nodes"]}
    for i, a in enumerate(problem["arcs"]):
        x = pulp.LpVariable(f"x{i}", lowBound=a.get("minFlow", 0), upBound=a.get("maxFlow"), cat=pulp.LpInteger)
        flows.append((a["cost"], x))
        balance[a["from"]].append((x, -1))
        balance[a["to"]].append((x, 1))
    model += pulp.lpSum(c * x for c, x in flows)
    for n in problem["nodes"]:
        model += pulp.LpAffineExpression(balance[n["id"]]) >= n.get("demand", 0) - n.get("supply", 0)
    built = time.perf_counter()
    status = model.solve(pulp.COIN_CMD(path="/usr/bin/cbc", msg=False))  # Debian's cbc (coinor-cbc)
    solved = time.perf_counter()
    print(f"{path}: PuLP build {built - start:.2f} s, CBC solve {solved - built:.2f} s, total {solved - start:.2f} s, "
          f"status {pulp.LpStatus[status]}, objective {pulp.value(model.objective):.0f}")
