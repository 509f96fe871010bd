#!/usr/bin/env bash
# Latchkey's CPU per forward-auth request, two jars in one run: each round starts each jar in turn
# (SQLite in a directory of its own), creates a gateway root key and a key, and sends
# GET /v1/forward-auth with nginx's headers from wrk for the given time. Figures are medians over
# the rounds; use it to measure a change to the forward-auth path against the jar before it.
#
#   latchkey-bench/scripts/forward-auth-cpu.sh BEFORE.jar AFTER.jar [seconds, default 10] [rounds, default 3] [connections, default 32]
#
# Needs wrk, curl and jq. Loopback only; bounded in time; everything started is stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
[ $# -ge 2 ] && [ -f "$1" ] && [ -f "$2" ] || { sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }
jars=("$1" "$2")
secs="${3:-10}"
rounds="${4:-3}"
conns="${5:-32}"
bench_needs wrk curl jq
bench_java
bench_tmp
tick_us=$((1000000 / $(getconf CLK_TCK)))
per_request() { # ticks requests/s -> CPU microseconds per request
  awk -v t="$1" -v r="$2" -v s="$secs" -v u="$tick_us" 'BEGIN {printf "%.2f", t * u / (r * s)}'
}
load_start="$(cut -d' ' -f1-3 /proc/loadavg)"

measure() { # jar-index round
  local dir="$tmp/run-$1-$2" pid
  mkdir -p "$dir"
  lk_port=18090
  "$JAVA_HOME/bin/java" -jar "${jars[$1]}" server --port "$lk_port" --data-dir "$dir/data" \
    >"$dir/server.out" 2>"$dir/server.err" &
  pid=$!
  bench_pids+=("$pid")
  for _ in $(seq 150); do
    curl -sf "http://127.0.0.1:$lk_port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  root="$(cat "$dir/data/bootstrap-root-key")"
  local svc gateway key
  svc="$(api /v1/services '{"name":"orders","prefix":"ord"}' | jq -r .id)"
  gateway="$(api /v1/root-keys "{\"name\":\"gateway\",\"permissions\":[\"keys.verify\"],\"services\":[\"$svc\"]}" | jq -r .key)"
  key="$(api /v1/keys "{\"service\":\"$svc\",\"permissions\":[\"orders:read\"]}" | jq -r .key)"
  cat >"$dir/ask.lua" <<LUA
wrk.method = "GET"
wrk.path = "/v1/forward-auth?service=orders&permissions=orders:read"
wrk.headers["X-Latchkey-Root-Key"] = "$gateway"
wrk.headers["X-Api-Key"] = "$key"
wrk.headers["X-Original-URI"] = "/api/orders/17?page=2"
wrk.headers["X-Original-Method"] = "GET"
wrk.headers["X-Forwarded-For"] = "10.1.2.3"
LUA
  [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Latchkey-Root-Key: $gateway" -H "X-Api-Key: $key" \
    "http://127.0.0.1:$lk_port/v1/forward-auth?service=orders&permissions=orders:read")" = 200 ]
  bench_wrk "$dir/ask.lua" "http://127.0.0.1:$lk_port/" 5 >/dev/null # warm-up
  local t0 u0 rps p50 p99 errors
  t0="$(bench_cpu_ticks "$pid")" u0="$(bench_user_ticks "$pid")"
  read -r rps p50 p99 errors < <(bench_wrk "$dir/ask.lua" "http://127.0.0.1:$lk_port/" "$secs")
  echo "$1 $2 $rps $(per_request $(($(bench_cpu_ticks "$pid") - t0)) "$rps") $errors" \
    "$(per_request $(($(bench_user_ticks "$pid") - u0)) "$rps")" | tee -a "$tmp/runs" >&2
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
for round in $(seq "$rounds"); do
  measure 0 "$round"
  measure 1 "$round"
done
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
bench_machine
echo "wrk -t2 -c$conns -d${secs}s, $rounds rounds alternating; load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
echo "| jar | requests/s | Latchkey CPU (µs/request) | of which user (µs/request) | errors |"
echo "|---|---|---|---|---|"
for j in 0 1; do
  printf '| %s | %.0f | %.2f | %.2f | %d |\n' "${jars[$j]}" \
    "$(awk -v j=$j '$1 == j {print $3}' "$tmp/runs" | median)" \
    "$(awk -v j=$j '$1 == j {print $4}' "$tmp/runs" | median)" \
    "$(awk -v j=$j '$1 == j {print $6}' "$tmp/runs" | median)" \
    "$(awk -v j=$j '$1 == j {e += $5} END {print e + 0}' "$tmp/runs")"
done
