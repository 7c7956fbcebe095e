#!/bin/sh
# Our network engines, OR-Tools MinCostFlow and PuLP + CBC on the same generated instances, one run.
# Installs the peers from Debian if missing. Usage (from the repository root, as root for apt):
#   sh tests/OptService.Problems.Benchmarks/flows-vs-pulp.sh [families] [arcs]
set -e
families=${1:-transportation,netgen-minflow}
arcs=${2:-100000}
/usr/bin/python3 -c 'import pulp' 2>/dev/null && command -v cbc >/dev/null || apt-get install -y python3-pulp coinor-cbc
dotnet build -c Release tests/OptService.Problems.Benchmarks >/dev/null
out=$(mktemp -d)
timeout 900 dotnet tests/OptService.Problems.Benchmarks/bin/Release/net10.0/OptService.Problems.Benchmarks.dll flows "$families" --arcs "$arcs" --runs 1 --export "$out"
timeout 1800 /usr/bin/python3 tests/OptService.Problems.Benchmarks/pulp_flows.py "$out"/*.json
rm -rf "$out"
