#!/usr/bin/env bash
# The linear-program figures of docs/linear-program.md: every shared Netlib and MIPLIB file through the service
# (solver=auto, end to end) next to CBC and GLPK from the command line, and the service's overhead over bare CBC
# on American Steel. Builds the service, then runs benchmarks/lp_peers.py (which starts the service on 127.0.0.1
# and stops it at the end). Needs Debian's coinor-cbc, glpk-utils and python3-pulp (tests/run.sh installs them).
# Usage: benchmarks/lp-peers.sh [--repeat N] [--url http://127.0.0.1:5080]
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release src/OptService.Api -v quiet -nologo >/dev/null
exec timeout 1800 /usr/bin/python3 benchmarks/lp_peers.py "$@"
