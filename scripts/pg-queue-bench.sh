#!/usr/bin/env bash
# Throughput, latency, CPU and database statements per job: embedded default or PostgreSQL API + N workers.
# usage: [PORT=5195] scripts/pg-queue-bench.sh <label> <workers> <pg|emb> [closed-loop jobs, default 2000] [c=1 jobs, default 200]
# Needs a Release build of src/OptService.Api and tests/OptService.LoadGenerator (WT: the tree whose build is
# measured, default this one), and for pg a throwaway cluster (PGDATA, PGPORT; default /tmp/pgq/data, 55441)
# started with shared_preload_libraries=pg_stat_statements. Drops and creates database m there. Output: $OUT/<label>/.
# Closed loop: 32 clients (after 200 warm-up jobs); then c=1. Per phase: the LoadGenerator's report, CPU ms per job
# of the service processes and the database (c32.txt), pg_stat_statements calls (c32-/c1-statements.tsv) and
# commits (c32-/c1-xacts.txt), each phase counted until Hangfire's queue is empty again.
P=${PORT:-5195}  # the API; workers on the ports after it
if ss -ltn | grep -q ":$P "; then echo "port $P busy" >&2; exit 1; fi
set -u
label=$1; workers=$2; mode=$3; n32=${4:-2000}; n1=${5:-200}
WT=${WT:-$(cd "$(dirname "$0")/.." && pwd)}
PGDATA=${PGDATA:-/tmp/pgq/data}; PGPORT=${PGPORT:-55441}; OUT=${OUT:-/tmp/pgq/runs}
DLL=${DLL:-$WT/src/OptService.Api/bin/Release/net10.0/OptService.Api.dll}
LGDLL=$(cd "$(dirname "$0")/.." && pwd)/tests/OptService.LoadGenerator/bin/Release/net10.0/OptService.LoadGenerator.dll
out=$OUT/$label; mkdir -p $out
PSQL="/usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p $PGPORT -U postgres -qAt"
pids=()
export Serilog__MinimumLevel__Default=Warning
if [ "$mode" = pg ]; then
  $PSQL -d postgres -c "DROP DATABASE IF EXISTS m WITH (FORCE)" -c "CREATE DATABASE m"
  $PSQL -d m -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
  export Jobs__PostgresConnectionString="Host=127.0.0.1;Port=$PGPORT;Username=postgres;Database=m"
  Jobs__Role=Api nice -n 5 timeout 900 dotnet $DLL --urls http://127.0.0.1:$P >$out/api.log 2>&1 & pids+=($!)
  for w in $(seq 1 $workers); do Jobs__Role=Worker nice -n 5 timeout 900 dotnet $DLL --urls http://127.0.0.1:$((P+w)) >$out/w$w.log 2>&1 & pids+=($!); done
else
  rm -rf $out/data; Jobs__DataDirectory=$out/data nice -n 5 timeout 900 dotnet $DLL --urls http://127.0.0.1:$P >$out/api.log 2>&1 & pids+=($!)
fi
for i in $(seq 1 100); do curl -sf http://127.0.0.1:$P/health/ready >/dev/null && break; sleep 0.3; done
[ "$mode" = pg ] && for w in $(seq 1 $workers); do for i in $(seq 1 100); do curl -sf http://127.0.0.1:$((P+w))/health/ready >/dev/null && break; sleep 0.3; done; done
LG="nice -n 5 timeout 600 dotnet $LGDLL --base http://127.0.0.1:$P --file $WT/samples/american-steel.json --solve-time"
uptime > $out/uptime.txt
stats() { # $1 = file prefix
  $PSQL -d m -F $'\t' -c "SELECT calls, round(total_exec_time::numeric,1), regexp_replace(left(query,160),'\s+',' ','g') FROM pg_stat_statements WHERE dbid=(SELECT oid FROM pg_database WHERE datname='m') ORDER BY calls DESC" > $out/$1-statements.tsv
  $PSQL -d m -c "SELECT xact_commit, xact_rollback FROM pg_stat_database WHERE datname='m'" > $out/$1-xacts.txt
}
drain() { for i in $(seq 1 120); do n=$($PSQL -d m -c 'SELECT count(*) FROM hangfire.jobqueue'); [ "$n" = 0 ] && break; sleep 1; done; echo "drained after ${i}s" >> $out/uptime.txt; }
cpu() { # total CPU seconds of our service processes (and their children) and of the PostgreSQL cluster's processes
  local t=0 p
  local pgpids=$(ps -o pid= --ppid $(head -1 $PGDATA/postmaster.pid) 2>/dev/null)
  for p in $(for q in "${pids[@]}"; do pgrep -P $q; echo $q; done) $( [ "$mode" = pg ] && echo $pgpids ); do
    [ -r /proc/$p/stat ] && t=$(( t + $(awk '{print $14+$15}' /proc/$p/stat) ))
  done
  echo $t
}
ticks() { local t=0 p; for p in "$@"; do [ -r /proc/$p/stat ] && t=$(( t + $(awk '{print $14+$15}' /proc/$p/stat) )); done; echo $t; }
cpu_split() { # one line per service process (with its children), then the database
  local q; for q in "${pids[@]}"; do ticks $q $(pgrep -P $q); done
  [ "$mode" = pg ] && ticks $(ps -o pid= --ppid $(head -1 $PGDATA/postmaster.pid))
}
split() { cpu_split > $out/cpu1.txt; paste -d' ' $out/cpu0.txt $out/cpu1.txt; }
reset() { $PSQL -d m -c "SELECT pg_stat_statements_reset()" -c "SELECT pg_stat_reset()" >/dev/null; }
if [ "$n32" != 0 ]; then
  $LG --count 200 --warmup 0 --concurrency 32 > /dev/null 2>&1
  [ "$mode" = pg ] && { drain; reset; }
  c0=$(cpu); cpu_split > $out/cpu0.txt
  $LG --count $n32 --warmup 0 --concurrency 32 > $out/c32.txt 2>&1
  [ "$mode" = pg ] && drain
  c1=$(cpu); echo "cpu ms per job (service + database): $(( (c1 - c0) * 10 / n32 ))" >> $out/c32.txt
  echo "cpu ms per job by process (api, workers..., database): $(split | while read a b; do echo -n "$(( (b - a) * 10 / n32 )) "; done)" >> $out/c32.txt
  [ "$mode" = pg ] && stats c32
fi
if [ "$n1" != 0 ]; then
  [ "$mode" = pg ] && reset
  $LG --count $n1 --warmup 20 --concurrency 1 > $out/c1.txt 2>&1
  [ "$mode" = pg ] && { drain; stats c1; }
fi
uptime >> $out/uptime.txt
for p in "${pids[@]}"; do kill $p 2>/dev/null; done
wait
echo "== $label"; cat $out/uptime.txt; grep -iE 'jobs/s|POST|202 to|cpu ms' $out/c32.txt $out/c1.txt 2>/dev/null | head -20
