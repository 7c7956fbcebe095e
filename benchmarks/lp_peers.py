#!/usr/bin/python3
"""OptService's linear-program kind next to CBC and GLPK run from the command line, in the same run.

For every ../shared/fixtures/netlib/*.mps and ../shared/fixtures/miplib/*.mps: the published optimum (from
the folder's README), our objective and end-to-end time with solver=auto (POST the MPS, wait for the job,
GET the result: what a client sees), the solver time the service reports, `cbc FILE -solve -quit` and
`glpsol --mps FILE` wall times (process start included, as a command-line user sees them), and the ratios.
Then the service's overhead over the bare solver for a small model: American Steel written by PuLP
(samples/pulp/american_steel.py) as MPS, our end-to-end time with solver=cbc next to bare `cbc`.

Each timing is the median of --repeat runs. The service is started here on 127.0.0.1 (a free port, a temp data
folder, one worker) unless --url names a running one. Standard library only; CBC and GLPK from Debian's
coinor-cbc and glpk-utils. Run through benchmarks/lp-peers.sh, which builds the service first.
"""
import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TERMINAL = {"succeeded", "failed", "cancelled"}


def published_optima(folder):
    """`| file.mps | ... | optimum |` rows of the fixture folder's README: the last column is the optimum."""
    optima = {}
    with open(os.path.join(folder, "README.md"), encoding="utf-8") as readme:
        for line in readme:
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if cells and cells[0].endswith(".mps"):
                optima[cells[0]] = float(cells[-1])
    return optima


def timed(command, timeout=300):
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    return time.perf_counter() - start, run


def cbc(path):
    seconds, run = timed(["cbc", path, "-solve", "-quit"])
    # MIP: "Objective value:  3089.00000000"; LP: "Optimal objective -464.7531429 - 5 iterations ..."
    match = re.search(r"^(?:Objective value:|Optimal objective)\s+(\S+)", run.stdout, re.MULTILINE)
    return seconds, float(match.group(1)) if match else None


def glpk(path, scratch):
    output = os.path.join(scratch, "glpsol.txt")
    seconds, run = timed(["glpsol", "--mps", path, "--tmlim", "300", "-o", output])
    objective = None
    if run.returncode == 0 and os.path.exists(output):
        with open(output, encoding="utf-8") as file:
            match = re.search(r"^Objective:\s+\S+ = (\S+)", file.read(), re.MULTILINE)
        objective = float(match.group(1)) if match else None
    return seconds, objective


class Service:
    def __init__(self, url, process=None, data=None):
        self.url = url.rstrip("/")
        self.process = process
        self.data = data

    @staticmethod
    def start(dll):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        data = tempfile.mkdtemp(prefix="optservice-bench-")
        env = dict(os.environ, ASPNETCORE_ENVIRONMENT="Production", Jobs__DataDirectory=data, Jobs__WorkerCount="1",
                   Serilog__MinimumLevel__Default="Warning")
        log = open(os.path.join(data, "service.log"), "w", encoding="utf-8")
        process = subprocess.Popen(["dotnet", dll, "--urls", f"http://127.0.0.1:{port}"], cwd=data, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        service = Service(f"http://127.0.0.1:{port}", process, data)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"the service exited with {process.returncode}; see {data}/service.log")
            try:
                with urllib.request.urlopen(service.url + "/health/ready", timeout=5) as answer:
                    if answer.status == 200:
                        return service
            except OSError:
                time.sleep(0.2)
        service.stop()
        raise RuntimeError("the service did not become ready in 120 s")

    def stop(self):
        if self.process is not None:  # only the process this script started, by its handle
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.data:
            shutil.rmtree(self.data, ignore_errors=True)

    def call(self, method, path, body=None):
        headers = {"Content-Type": "text/plain"} if body is not None else {}
        request = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=120) as answer:
            return json.loads(answer.read())

    def solve_mps(self, text, solver):
        """Submit, wait, read the result: the end-to-end time a client sees."""
        start = time.perf_counter()
        job = self.call("POST", f"/api/v1/jobs/linear-program/mps?solver={solver}", text)
        while job["status"] not in TERMINAL:
            job = self.call("GET", f"/api/v1/jobs/{job['id']}?waitSeconds=60")
        if job["status"] != "succeeded":
            raise RuntimeError(f"job {job['id']} {job['status']}: {job.get('error')}")
        result = self.call("GET", f"/api/v1/jobs/{job['id']}/result")
        return time.perf_counter() - start, result


def median_of(repeat, run):
    """Runs `run` repeat times; the median of the first element (seconds), the last run's other values."""
    outcomes = [run() for _ in range(repeat)]
    return (statistics.median(o[0] for o in outcomes),) + tuple(outcomes[-1][1:])


def fmt(value, digits=4):
    return "—" if value is None else f"{value:.{digits}g}"


def relative_error(value, reference):
    return None if value is None else abs(value - reference) / max(1.0, abs(reference))


def fixture_rows(service, fixtures, repeat, scratch):
    print("| file | published optimum | ours (auto): objective | backend | ours end-to-end s | ours solver s "
          "| CBC s | GLPK s | ours / CBC | ours / GLPK | CBC, GLPK objective rel. error |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for folder in ("netlib", "miplib"):
        optima = published_optima(os.path.join(fixtures, folder))
        for name in sorted(optima):
            path = os.path.join(fixtures, folder, name)
            with open(path, "rb") as file:
                text = file.read()
            runs = [service.solve_mps(text, "auto") for _ in range(repeat)]
            ours, result = statistics.median(r[0] for r in runs), runs[-1][1]
            solver_seconds = statistics.median(r[1]["solveSeconds"] for r in runs)
            cbc_s, cbc_obj = median_of(repeat, lambda: cbc(path))
            glpk_s, glpk_obj = median_of(repeat, lambda: glpk(path, scratch))
            print(f"| {folder}/{name} | {optima[name]:.11g} | {result['objective']:.11g} ({result['outcome']}) "
                  f"| {result['solver']} | {ours:.3f} | {solver_seconds:.3f} | {cbc_s:.3f} | {glpk_s:.3f} "
                  f"| {ours / cbc_s:.1f} | {ours / glpk_s:.1f} "
                  f"| {fmt(relative_error(cbc_obj, optima[name]), 2)}, {fmt(relative_error(glpk_obj, optima[name]), 2)} |",
                  flush=True)


def overhead_rows(service, repeat, scratch):
    """American Steel as PuLP writes it: our end-to-end with the same backend (CBC) next to bare cbc."""
    path = os.path.join(scratch, "american-steel.mps")
    sys.path.insert(0, os.path.join(ROOT, "samples", "pulp"))
    sys.dont_write_bytecode = True  # no __pycache__ left in samples/
    try:
        import american_steel  # noqa: E402 (needs python3-pulp)
    except ImportError as error:
        print(f"\n(overhead not measured: {error}; apt-get install python3-pulp)")
        return
    prob, _ = american_steel.build_model()
    prob.writeMPS(path)
    with open(path, "rb") as file:
        text = file.read()
    print("\n| American Steel (PuLP's MPS, 14 integer columns) | median s |")
    print("|---|---|")
    bare, objective = median_of(repeat, lambda: cbc(path))
    print(f"| `cbc FILE -solve -quit` (process start, read, solve, print) | {bare:.3f} (objective {fmt(objective, 6)}) |")
    for solver in ("cbc", "auto"):
        runs = [service.solve_mps(text, solver) for _ in range(repeat)]
        ours, result = statistics.median(r[0] for r in runs), runs[-1][1]
        reported = statistics.median(r[1]["solveSeconds"] for r in runs)
        print(f"| OptService end to end, solver={solver} ({result['solver']}): submit + wait + result | {ours:.3f} "
              f"(objective {fmt(result['objective'], 6)}; solveSeconds reported {reported:.3f}) |")
        if solver == "cbc":
            print(f"| overhead of the service over bare cbc | {ours - bare:+.3f} ({ours / bare:.1f}×) |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", default=os.path.join(os.path.dirname(ROOT), "shared", "fixtures"))
    parser.add_argument("--dll", default=os.path.join(ROOT, "src", "OptService.Api", "bin", "Release", "net10.0", "OptService.Api.dll"))
    parser.add_argument("--url", help="use this running service instead of starting one")
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing; the median is printed (default 3)")
    args = parser.parse_args()
    for tool in ("cbc", "glpsol"):
        if shutil.which(tool) is None:
            sys.exit(f"lp_peers: {tool} not found: apt-get install -y coinor-cbc glpk-utils")

    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"load before: {subprocess.run(['uptime'], capture_output=True, text=True, check=False).stdout.strip()}")
    print(f"cpus: {os.cpu_count()}; cbc {cbc_version()}; glpsol {glpk_version()}; median of {args.repeat} runs each\n")
    service = Service(args.url) if args.url else Service.start(args.dll)
    scratch = tempfile.mkdtemp(prefix="lp-peers-")
    try:
        service.solve_mps(open(os.path.join(args.fixtures, "netlib", "afiro.mps"), "rb").read(), "auto")  # warm-up
        fixture_rows(service, args.fixtures, args.repeat, scratch)
        overhead_rows(service, args.repeat, scratch)
    finally:
        service.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"\nload after: {subprocess.run(['uptime'], capture_output=True, text=True, check=False).stdout.strip()}")


def cbc_version():
    run = subprocess.run(["cbc", "-quit"], capture_output=True, text=True, check=False)
    match = re.search(r"Version: (\S+)", run.stdout)
    return match.group(1) if match else "?"


def glpk_version():
    run = subprocess.run(["glpsol", "--version"], capture_output=True, text=True, check=False)
    return run.stdout.split()[3] if len(run.stdout.split()) > 3 else "?"


if __name__ == "__main__":
    main()
