#!/usr/bin/env bash
# The test command: lints the committed OpenAPI document, then runs every test, including the ones that need a
# real PostgreSQL server and the client generated from that document.
# Lint: Redocly CLI (pinned below) installed from npm into .tools/npm (no global install), rules in
# openapi/redocly.yaml. The generated client: Kiota, a .NET tool pinned in .config/dotnet-tools.json, restored here
# and run by the build of tests/OptService.Contract.Tests.
# It starts a throwaway PostgreSQL cluster in a temp folder on 127.0.0.1 (installing the Debian
# server package first if no server binaries are there), hands it to the tests through
#   OPTSERVICE_TEST_POSTGRES       Npgsql connection string of the cluster's superuser
#   OPTSERVICE_TEST_POSTGRES_CTL   a script taking `stop` or `start` for exactly that cluster
# runs `dotnet test OptService.sln -c Release "$@"`, and stops and deletes the cluster on exit.
# It also installs Debian's python3-pulp, coinor-cbc and glpk-utils when missing (the PuLP sample's test), and
# chromium (the job console's browser tests, tests/OptService.Api.Tests/JobConsole).
# Extra arguments go to dotnet test, e.g. tests/run.sh --filter "FullyQualifiedName~ScaleOut".
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "tests/run.sh: need root (or sudo) to run: $*" >&2; return 1
  fi
}

# --- OpenAPI lint -------------------------------------------------------------------------------------------
redocly_version=2.77.0
if ! command -v npm >/dev/null; then
  echo "tests/run.sh: installing Node.js and npm (Debian packages nodejs npm) for the OpenAPI lint"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm
fi
redocly=.tools/npm/node_modules/.bin/redocly
if [ "$("$redocly" --version 2>/dev/null)" != "$redocly_version" ]; then
  echo "tests/run.sh: installing @redocly/cli@$redocly_version into .tools/npm"
  npm install --prefix .tools/npm --no-save --no-audit --no-fund --loglevel=error "@redocly/cli@$redocly_version"
fi
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true "$redocly" lint --config openapi/redocly.yaml openapi/v1.json

# --- .NET tools (Kiota, for the generated-client tests) ------------------------------------------------------
dotnet tool restore

# --- PuLP, CBC and GLPK (the PuLP sample's end-to-end test; benchmarks/lp-peers.sh) ----------------------------
# Debian's packages only: the sample runs under /usr/bin/python3 with python3-pulp, no pip.
if ! /usr/bin/python3 -c 'import pulp' 2>/dev/null || ! command -v cbc >/dev/null || ! command -v glpsol >/dev/null; then
  echo "tests/run.sh: installing python3-pulp, coinor-cbc and glpk-utils (Debian packages)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-pulp coinor-cbc glpk-utils
fi

# --- Chromium (the job console's browser tests drive Debian's chromium headless; no browser download) ---------
if [ ! -x /usr/bin/chromium ]; then
  echo "tests/run.sh: installing chromium (Debian package) for the job console's browser tests"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
fi

# --- PostgreSQL ---------------------------------------------------------------------------------------------
find_initdb() { ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1; }

initdb_path=$(find_initdb)
if [ -z "$initdb_path" ]; then
  echo "tests/run.sh: installing the PostgreSQL server (Debian package postgresql)"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql
  initdb_path=$(find_initdb)
  [ -n "$initdb_path" ] || { echo "tests/run.sh: no /usr/lib/postgresql/*/bin/initdb after installing postgresql" >&2; exit 1; }
fi
pg_bin=$(dirname "$initdb_path")

# initdb refuses to run as root: as root the cluster belongs to the postgres user (created by the package).
run_pg=()
if [ "$(id -u)" -eq 0 ]; then run_pg=(runuser -u postgres --); fi

cluster=$(mktemp -d "${TMPDIR:-/tmp}/optservice-pg.XXXXXX")
cleanup() {
  local status=$?
  if [ -f "$cluster/data/postmaster.pid" ]; then
    "${run_pg[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$cluster"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
[ "$(id -u)" -ne 0 ] || chown postgres "$cluster"

"${run_pg[@]}" "$pg_bin/initdb" -D "$cluster/data" -A trust -U postgres -E UTF8 --no-locale >"$cluster/initdb.log" 2>&1 \
  || { cat "$cluster/initdb.log" >&2; exit 1; }

# A free port: pick one nobody listens on; if the server still cannot bind it (a race), try another.
port=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 30000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then continue; fi
  # Throwaway cluster: durability settings off (fsync, full pages) for speed; enough connections
  # for several service processes with their pools and Hangfire's listeners.
  options="-p $candidate -k $cluster -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
  if "${run_pg[@]}" "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -o "$options" -w -t 60 start >/dev/null; then
    port=$candidate
    break
  fi
done
[ -n "$port" ] || { echo "tests/run.sh: PostgreSQL did not start:" >&2; cat "$cluster/server.log" >&2; exit 1; }

# The tests stop and start the server to prove the service rides out a database restart.
ctl="$cluster/ctl.sh"
{
  echo '#!/usr/bin/env bash'
  echo 'set -euo pipefail'
  printf 'pg=('; for word in "${run_pg[@]}" "$pg_bin/pg_ctl"; do printf '%q ' "$word"; done; printf ')\n'
  printf 'case "${1:-}" in\n'
  printf '  stop) "${pg[@]}" -D %q -m fast -w -t 60 stop ;;\n' "$cluster/data"
  printf '  start) "${pg[@]}" -D %q -l %q -o %q -w -t 60 start ;;\n' "$cluster/data" "$cluster/server.log" "$options"
  printf '  *) echo "usage: $0 stop|start" >&2; exit 2 ;;\n'
  printf 'esac\n'
} >"$ctl"
chmod 755 "$ctl"

export OPTSERVICE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
export OPTSERVICE_TEST_POSTGRES_CTL="$ctl"
echo "tests/run.sh: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (cluster in $cluster)"

dotnet test OptService.sln -c Release "$@"
