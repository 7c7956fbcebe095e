#!/usr/bin/env bash
# Compares two builds of the nurse-scheduling search on one instance, one run after the other (never side by side:
# two solves on a 2-core machine slow each other), so that both see the same machine load.
#
#   scripts/nurse-ab.sh <before-dir> <after-dir> <instance.txt> [seconds=60] [pairs=4]
#
# Each dir is a copy of tests/OptService.Problems.Benchmarks/bin/Release/net10.0 built from the commit to compare
# (build both first: building during the runs skews them). Prints one line per run: build, time, load, the walk's
# log line (NURSE_LOG=1), peak RSS (/usr/bin/time, Debian package `time`) and the benchmark's row (objective, bound, time to best, wall time); the median per build last.
set -euo pipefail
before=$1 after=$2 instance=$3 seconds=${4:-60} pairs=${5:-4}
name=$(basename "$instance" .txt)
declare -A results
for ((i = 1; i <= pairs; i++)); do
  for dir in "$before" "$after"; do
    started=$(date -u +%H:%M) load=$(cut -d' ' -f1 /proc/loadavg)
    out=$(NURSE_LOG=1 /usr/bin/time -v timeout $((seconds * 3 + 120)) dotnet "$dir/OptService.Problems.Benchmarks.dll" nurse "$seconds" 2 "$instance" 2>&1)
    row=$(grep "^| $name " <<<"$out" || true)
    walk=$(grep -o "kicks (.*" <<<"$out" | tail -1 || true)
    rss=$(grep -o "Maximum resident set size (kbytes): [0-9]*" <<<"$out" | grep -o "[0-9]*$" || true)
    echo "$dir $started load $load | peak RSS $((${rss:-0} / 1024)) MB | $walk $row"
    results[$dir]+="$(awk -F'|' '{gsub(/ /, "", $6); print $6}' <<<"$row") "
  done
done
for dir in "$before" "$after"; do
  echo "$dir median: $(tr ' ' '\n' <<<"${results[$dir]}" | grep . | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}')"
done
