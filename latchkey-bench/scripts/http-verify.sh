#!/usr/bin/env bash
# HTTP benchmark of POST /v1/keys:verify against nginx's static map check of the same key, in the
# same run on the same machine, then Latchkey's latency at half its measured throughput.
#
#   latchkey-bench/scripts/http-verify.sh [seconds per run, default 20] [connections, default 32]
#
# Needs wrk, hey and nginx (Debian: apt-get install wrk hey nginx-light). Loopback only; every run
# is bounded in time; the server and nginx are stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
secs="${1:-20}"
conns="${2:-32}"
nginx_port=18081
bench_needs wrk hey nginx curl jq
bench_java
bench_tmp

bench_latchkey 18080
svc="$(api /v1/services '{"name":"bench","prefix":"bench"}' | jq -r .id)"
key="$(api /v1/keys "{\"service\":\"$svc\"}" | jq -r .key)"
[ "$(api /v1/keys:verify "{\"key\":\"$key\"}" | jq -r .code)" = VALID ]

mkdir -p "$tmp/nginx"
sed "s/127.0.0.1:18081/127.0.0.1:$nginx_port/" "$bench_here/deploy/nginx/bench-static-map.conf" >"$tmp/nginx/nginx.conf"
printf '"%s" 1;\n' "$key" >"$tmp/nginx/keys.map"
bench_nginx "$tmp/nginx" "$nginx_port"
[ "$(curl -s -X POST -H "X-Api-Key: $key" "http://127.0.0.1:$nginx_port/v1/keys:verify" | jq -r .code)" = VALID ]

body="{\"key\":\"$key\"}"
cat >"$tmp/verify.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $root"
wrk.headers["X-Api-Key"] = "$key"
LUA

run_wrk() { # url seconds -> "rps p50_ms p99_ms errors"
  bench_wrk "$tmp/verify.lua" "$1" "$2"
}

echo "warming up (10 s each)..." >&2
run_wrk "http://127.0.0.1:$lk_port/v1/keys:verify" 10 >/dev/null
run_wrk "http://127.0.0.1:$nginx_port/v1/keys:verify" 5 >/dev/null

read -r ngx_rps _ ngx_p99 _ < <(run_wrk "http://127.0.0.1:$nginx_port/v1/keys:verify" "$secs")
read -r lk_rps _ lk_p99 _ < <(run_wrk "http://127.0.0.1:$lk_port/v1/keys:verify" "$secs")

# Half of Latchkey's measured throughput, as a fixed rate (hey: workers x per-worker rate).
workers=16
rate=$(awk -v r="$lk_rps" 'BEGIN {printf "%d", r / 2}')
per_worker=$(awk -v r="$rate" -v w="$workers" 'BEGIN {printf "%d", r / w}')
hey -z "${secs}s" -c "$workers" -q "$per_worker" -m POST -T application/json \
  -H "Authorization: Bearer $root" -d "$body" "http://127.0.0.1:$lk_port/v1/keys:verify" >"$tmp/hey.out"
half_rps="$(awk '/Requests\/sec/ {print $2}' "$tmp/hey.out")"
half_p50="$(awk '/ 50% in/ {printf "%.2f", $3 * 1000}' "$tmp/hey.out")"
half_p99="$(awk '/ 99% in/ {printf "%.2f", $3 * 1000}' "$tmp/hey.out")"
non200="$(grep -E '^\s+\[[0-9]+\]' "$tmp/hey.out" | grep -v '\[200\]' || true)"

ratio=$(awk -v a="$lk_rps" -v b="$ngx_rps" 'BEGIN {printf "%.2f", a / b}')
cat <<OUT
$(bench_machine)
wrk -t2 -c$conns -d${secs}s, POST /v1/keys:verify, same key, same run
| target | requests/s | p99 (ms) |
|---|---|---|
| nginx static map (baseline) | $ngx_rps | $ngx_p99 |
| Latchkey keys:verify | $lk_rps | $lk_p99 |
ratio Latchkey / nginx: $ratio
at half load (hey -c $workers -q $per_worker, target $rate/s): $half_rps/s, p50 $half_p50 ms, p99 $half_p99 ms${non200:+, non-200: $non200}
OUT
