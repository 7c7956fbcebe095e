#!/usr/bin/env bash
# Submits American Steel, waits for the answer in the same round trip, then reads the result, the
# solver log and the LP file. Needs curl and a running service (dotnet run --project src/OptService.Api).
set -euo pipefail
BASE=${BASE:-http://127.0.0.1:5080}
HERE=$(cd "$(dirname "$0")" && pwd)

id=$(curl -sf -X POST "$BASE/api/v1/jobs/transshipment" -H 'Content-Type: application/json' \
        --data-binary @"$HERE/american-steel.json" | sed -E 's/.*"id":"([^"]+)".*/\1/')
echo "job $id"
curl -sf "$BASE/api/v1/jobs/$id?waitSeconds=30"; echo
curl -sf "$BASE/api/v1/jobs/$id/result"; echo
curl -sf "$BASE/api/v1/jobs/$id/logs"; echo
curl -sf "$BASE/api/v1/jobs/$id/artifacts"; echo
curl -sf -o american-steel.lp "$BASE/api/v1/jobs/$id/artifacts/model.lp" && echo "wrote american-steel.lp"
