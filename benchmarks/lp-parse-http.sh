#!/usr/bin/env bash
# The lp-parse benchmark's model (10^6 nonzeros, 24.8 MB) submitted over HTTP, as a user sees it: POST
# /api/v1/jobs/linear-program?validateOnly=true (parse + validate, nothing queued) and a real submit (parse, validate,
# store; the job is cancelled at once, with DELETE). Prints, per request, curl's total time and the service's Server-Timing header
# (read, parse, store). Starts its own service on 127.0.0.1 with a temporary data folder and stops it (by its pid).
# Usage: benchmarks/lp-parse-http.sh [runs]    (build first: see docs/linear-program.md, Figures)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
api=src/OptService.Api/bin/Release/net10.0/OptService.Api.dll
bench=tests/OptService.Problems.Benchmarks/bin/Release/net10.0/OptService.Problems.Benchmarks.dll
data=$(mktemp -d /tmp/optservice-lp-http.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base=http://127.0.0.1:$port/api/v1/jobs/linear-program
timeout 120 dotnet "$bench" lp-parse --write "$data/model.json" >/dev/null
(cd "$data" && ASPNETCORE_ENVIRONMENT=Production Jobs__DataDirectory="$data" Jobs__WorkerCount=1 Serilog__MinimumLevel__Default=Warning \
  exec timeout 1800 dotnet "$OLDPWD/$api" --urls "http://127.0.0.1:$port" >"$data/service.log" 2>&1) &
service=$!
trap 'kill "$service" 2>/dev/null || true; wait "$service" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 0.5; done
post() { # $1 = query; prints status, total seconds and Server-Timing
  curl -s -o "$data/answer.json" -D "$data/headers.txt" -w '%{http_code} total %{time_total}s' \
    -H 'Content-Type: application/json' --data-binary @"$data/model.json" "$base$1"
  echo " | $(grep -i '^server-timing:' "$data/headers.txt" | tr -d '\r' | cut -d' ' -f2-)"
}
echo "uptime: $(uptime)"
for label in "validateOnly=true" "submit"; do
  query=$([ "$label" = submit ] && echo "" || echo "?validateOnly=true")
  for run in $(seq 0 "$runs"); do
    echo "$label run $([ "$run" = 0 ] && echo warm-up || echo "$run"): $(post "$query")"
    if [ "$label" = submit ]; then
      id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("id",""))' "$data/answer.json")
      # Cancelled at once, and a pause: the worker's start on it should not slow the next submission.
      [ -n "$id" ] && curl -s -o /dev/null -X DELETE "http://127.0.0.1:$port/api/v1/jobs/$id" || true
      sleep 3
    fi
  done
done
echo "uptime: $(uptime)"
