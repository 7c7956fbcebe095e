#!/usr/bin/env bash
# Side-by-side lunar-landing solve times: this checkout against a base commit, in the same session.
# Builds the benchmark of the base commit in a temporary directory (git archive, so no worktree is
# registered; with this checkout's Program.cs, whose --single mode uses only the public kind API — for a
# base from before the kind contract moved to OptService.Kinds (issue 9) its two differences are patched
# in), then runs the two builds alternately, ROUNDS processes each with RUNS solves per process, and
# prints the medians (all solves, and without each process's first solve) of the solver wall time and
# the whole-job CPU time, and the ratios base / this.
#
# Usage: tests/OptService.Nlp.Benchmarks/compare.sh [BASE] [METHOD] [INTERVALS] [ROUNDS] [RUNS]
#        defaults: 0cb0a14 (the release when issue 10 was filed) forward-euler 50000 3 3
#        METHOD: forward-euler, trapezoidal or hermite-simpson (the release needs ~10 min per Hermite–Simpson solve
#        at 50,000 intervals on the loaded 2-core machine: use RUNS=1 there; the "warm" columns are then nan).
#        BASE_BIN=dir uses an already built base benchmark (its bin/Release/net10.0 folder) instead;
#        SKIP_BUILD=1 does not rebuild this checkout's benchmark; THIS_BIN=dir runs a copy of it made earlier
#        (so that a long run is not changed by a rebuild of the checkout halfway through).
set -euo pipefail
base=${1:-0cb0a14}
method=${2:-forward-euler}
intervals=${3:-50000}
rounds=${4:-3}
runs=${5:-3}
repo=$(git rev-parse --show-toplevel)
shared=$(cd "$repo/.." && pwd)/shared
[ -d "$repo/shared" ] && shared=$repo/shared
tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
bin=tests/OptService.Nlp.Benchmarks/bin/Release/net10.0/OptService.Nlp.Benchmarks
base_exe=${BASE_BIN:+$BASE_BIN/OptService.Nlp.Benchmarks}
if [ -z "$base_exe" ]; then
  mkdir "$tmp/base"
  git -C "$repo" archive "$base" | tar -x -C "$tmp/base"
  program=$tmp/base/tests/OptService.Nlp.Benchmarks/Program.cs
  cp "$repo/tests/OptService.Nlp.Benchmarks/Program.cs" "$program"
  if [ ! -d "$tmp/base/src/OptService.Kinds" ]; then
    # Before issue 9 the kind contract was OptService.Jobs.Kinds and the kind had no limits object.
    sed -i 's/^using OptService.Kinds;/using OptService.Jobs.Kinds;/; s/new LunarLandingKind(new LunarLandingLimits())/new LunarLandingKind()/' "$program"
  fi
  ln -s "$shared" "$tmp/shared" # the benchmark looks for shared/fixtures above its binary
  dotnet build -c Release "$tmp/base/tests/OptService.Nlp.Benchmarks" -v q -nologo >/dev/null
  base_exe=$tmp/base/$bin
fi
[ -n "${SKIP_BUILD:-}${THIS_BIN:-}" ] || dotnet build -c Release "$repo/tests/OptService.Nlp.Benchmarks" -v q -nologo >/dev/null
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, uptime: $(uptime)"
echo "# base $(git -C "$repo" rev-parse --short "$base")${BASE_BIN:+ (prebuilt in $BASE_BIN)}, this${THIS_BIN:+ (prebuilt in $THIS_BIN)} $(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet || echo '+changes'); $method, $intervals intervals, $rounds rounds x $runs solves"
log=$tmp/runs.txt
for round in $(seq "$rounds"); do
  for build in base this; do
    exe=$base_exe
    [ "$build" = this ] && exe=${THIS_BIN:+$THIS_BIN/OptService.Nlp.Benchmarks}
    [ "$build" = this ] && [ -z "${THIS_BIN:-}" ] && exe=$repo/$bin
    timeout 1800 "$exe" --single "$method" "$intervals" "$runs" | awk -v b="$build" '{ print b, NR, $0 }' | tee -a "$log"
  done
done
python3 - "$log" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    build, index = f[0], int(f[1])
    values = {key: f[f.index(key) + 1] for key in ("solver_ms", "job_cpu_ms", "fuel", "iterations")}
    rows.setdefault(build, []).append((index, float(values["solver_ms"]), float(values["job_cpu_ms"]), values["fuel"], values["iterations"]))
def med(build, column, warm):
    values = [r[column] for r in rows[build] if not warm or r[0] > 1]
    return statistics.median(values) if values else float("nan")  # "warm" is empty with one solve per process
def ratio(column, warm):
    return med('base', column, warm) / med('this', column, warm)
print()
print("| build | solves | fuel [kg] | iterations | solver median [ms] | solver median, warm [ms] | job CPU median [ms] | job CPU median, warm [ms] |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for build in ("base", "this"):
    r = rows[build]
    print(f"| {build} | {len(r)} | {r[0][3]} | {r[0][4]} | {med(build, 1, False):.0f} | {med(build, 1, True):.0f} | {med(build, 2, False):.0f} | {med(build, 2, True):.0f} |")
print(f"| ratio base / this | | | | {ratio(1, False):.2f} | {ratio(1, True):.2f} | {ratio(2, False):.2f} | {ratio(2, True):.2f} |")
EOF
