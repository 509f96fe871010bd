#!/usr/bin/env bash
# Time from process start to the first 200 from /readyz, on an empty data dir, through ./latchkey
# (which uses a class-data sharing archive after its first run) and through plain java -jar.
#
#   latchkey-bench/scripts/startup.sh [runs, default 5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${1:-5}"
port=18095
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
jar="$here/latchkey-server/target/latchkey.jar"
"$here/latchkey" --version >/dev/null # builds if stale

once() { # command... -> milliseconds to ready
  local data; data="$(mktemp -d)"
  local t0; t0=$(date +%s%N)
  "$@" server --port "$port" --data-dir "$data/d" >/dev/null 2>&1 &
  local pid=$!
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "server died" >&2; exit 1; }
    sleep 0.01
  done
  local t1; t1=$(date +%s%N)
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  echo $(( (t1 - t0) / 1000000 ))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

once "$here/latchkey" >/dev/null # makes the CDS archive if there is none
with_cds=$(for _ in $(seq "$runs"); do once "$here/latchkey"; done | median)
plain=$(for _ in $(seq "$runs"); do once "$JAVA_HOME/bin/java" -jar "$jar"; done | median)
echo "ready on an empty data dir, median of $runs: ./latchkey (CDS) ${with_cds} ms; java -jar ${plain} ms"
