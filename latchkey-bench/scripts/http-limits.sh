#!/usr/bin/env bash
# HTTP benchmark of POST /v1/keys:verify for a key with one rate limit counted in Redis, against
# the same server verifying a key without limits, in the same run on the same machine; then the
# limited key's latency at half its measured throughput.
#
#   latchkey-bench/scripts/http-limits.sh [seconds per run, default 20] [connections, default 32]
#
# LATCHKEY_BENCH_RATE=N sets the fixed rate of the latency runs (default: half the limited key's
# measured throughput).
# Needs wrk, hey (Debian: apt-get install wrk hey), curl, jq and Redis at 127.0.0.1:6379
# (LATCHKEY_BENCH_REDIS_URL names another). Loopback only; every run is bounded in time; the
# server is stopped on exit. The limit (10^9 per second) is far above what the run can spend, so
# every verification is admitted and does the whole work.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
secs="${1:-20}"
conns="${2:-32}"
redis="${LATCHKEY_BENCH_REDIS_URL:-redis://127.0.0.1:6379}"
bench_needs wrk hey curl jq
bench_java
bench_tmp

bench_latchkey 18082 --redis-url "$redis"
port="$lk_port"
[ "$(curl -s "http://127.0.0.1:$port/readyz" | jq -r .rate_limits)" = redis ] || { echo "Redis not in use" >&2; exit 1; }
svc="$(api /v1/services '{"name":"bench","prefix":"bench"}' | jq -r .id)"
plain="$(api /v1/keys "{\"service\":\"$svc\"}" | jq -r .key)"
limited="$(api /v1/keys "{\"service\":\"$svc\",\"limits\":[{\"name\":\"requests\",\"limit\":1000000000,\"period\":\"PT1S\"}]}" | jq -r .key)"
[ "$(api /v1/keys:verify "{\"key\":\"$limited\"}" | jq -r .rate_limit.name)" = requests ]

script() { # name key
  cat >"$tmp/$1.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"key":"$2"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $root"
LUA
}
script plain "$plain"
script limited "$limited"

run_wrk() { # script seconds -> "rps p50_ms p99_ms errors"
  bench_wrk "$tmp/$1.lua" "http://127.0.0.1:$port/v1/keys:verify" "$2"
}

echo "warming up (10 s each)..." >&2
run_wrk plain 10 >/dev/null
run_wrk limited 10 >/dev/null
read -r plain_rps _ plain_p99 _ < <(run_wrk plain "$secs")
read -r lim_rps _ lim_p99 _ < <(run_wrk limited "$secs")

workers=16
rate="${LATCHKEY_BENCH_RATE:-$(awk -v r="$lim_rps" 'BEGIN {printf "%d", r / 2}')}"
per_worker=$(awk -v r="$rate" -v w="$workers" 'BEGIN {printf "%d", r / w}')
run_hey() { # key -> "rps p50_ms p99_ms non200"
  hey -z "${secs}s" -c "$workers" -q "$per_worker" -m POST -T application/json \
    -H "Authorization: Bearer $root" -d "{\"key\":\"$1\"}" \
    "http://127.0.0.1:$port/v1/keys:verify" >"$tmp/hey.out"
  local rps p50 p99 bad
  rps="$(awk '/Requests\/sec/ {printf "%d", $2}' "$tmp/hey.out")"
  p50="$(awk '/ 50% in/ {printf "%.2f", $3 * 1000}' "$tmp/hey.out")"
  p99="$(awk '/ 99% in/ {printf "%.2f", $3 * 1000}' "$tmp/hey.out")"
  bad="$(grep -E '^\s+\[[0-9]+\]' "$tmp/hey.out" | grep -vc '\[200\]' || true)"
  echo "$rps $p50 $p99 $bad"
}
# The same fixed rate (half the limited key's throughput) for both keys, one after the other.
read -r hp_rps hp_p50 hp_p99 hp_bad < <(run_hey "$plain")
read -r hl_rps hl_p50 hl_p99 hl_bad < <(run_hey "$limited")

ratio=$(awk -v a="$lim_rps" -v b="$plain_rps" 'BEGIN {printf "%.2f", a / b}')
cat <<OUT
$(bench_machine); $(redis-cli -u "$redis" info server 2>/dev/null | awk -F: '/redis_version/ {print "redis " $2}' | tr -d '\r')
wrk -t2 -c$conns -d${secs}s, POST /v1/keys:verify, same server, same run
| key | requests/s | p99 (ms) |
|---|---|---|
| no limits (baseline) | $plain_rps | $plain_p99 |
| one Redis rate limit | $lim_rps | $lim_p99 |
ratio limited / plain: $ratio
at a fixed rate (hey -c $workers -q $per_worker, target $rate/s):
| key | requests/s | p50 (ms) | p99 (ms) | non-200 |
|---|---|---|---|---|
| no limits (baseline) | $hp_rps | $hp_p50 | $hp_p99 | $hp_bad |
| one Redis rate limit | $hl_rps | $hl_p50 | $hl_p99 | $hl_bad |
OUT
