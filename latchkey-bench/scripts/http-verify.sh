#!/usr/bin/env bash
# HTTP benchmark of POST /v1/keys:verify against nginx's static map check of the same key, in the
# same run on the same machine, then Latchkey's latency at half its measured throughput.
#
#   latchkey-bench/scripts/http-verify.sh [seconds per run, default 20] [connections, default 32]
#
# Needs wrk, hey and nginx (Debian: apt-get install wrk hey nginx-light). Loopback only; every run
# is bounded in time; the server and nginx are stopped on exit.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
secs="${1:-20}"
conns="${2:-32}"
lk_port=18080
nginx_port=18081
for tool in wrk hey nginx curl jq; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
jar="$here/latchkey-server/target/latchkey.jar"
[ -f "$jar" ] || (cd "$here" && ./mvnw -q -DskipTests -Dspotless.check.skip=true -pl latchkey-server -am package)

tmp="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -f "$tmp/nginx/nginx.pid" ] && kill "$(cat "$tmp/nginx/nginx.pid")" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

"$JAVA_HOME/bin/java" -jar "$jar" server --port "$lk_port" --data-dir "$tmp/data" >"$tmp/server.out" 2>"$tmp/server.err" &
pids+=($!)
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$lk_port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
root="$(cat "$tmp/data/bootstrap-root-key")"
api() { curl -sf -H "Authorization: Bearer $root" -H 'Content-Type: application/json' "http://127.0.0.1:$lk_port$1" -d "$2"; }
svc="$(api /v1/services '{"name":"bench","prefix":"bench"}' | jq -r .id)"
key="$(api /v1/keys "{\"service\":\"$svc\"}" | jq -r .key)"
[ "$(api /v1/keys:verify "{\"key\":\"$key\"}" | jq -r .code)" = VALID ]

mkdir -p "$tmp/nginx"
sed "s/127.0.0.1:18081/127.0.0.1:$nginx_port/" "$here/deploy/nginx/bench-static-map.conf" >"$tmp/nginx/nginx.conf"
printf '"%s" 1;\n' "$key" >"$tmp/nginx/keys.map"
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
sleep 0.3
[ "$(curl -s -X POST -H "X-Api-Key: $key" "http://127.0.0.1:$nginx_port/v1/keys:verify" | jq -r .code)" = VALID ]

body="{\"key\":\"$key\"}"
cat >"$tmp/verify.lua" <<LUA
wrk.method = "POST"
wrk.body = '$body'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $root"
wrk.headers["X-Api-Key"] = "$key"
LUA

run_wrk() { # url seconds -> "rps p99_ms"
  wrk -t2 -c"$conns" -d"$2"s --latency -s "$tmp/verify.lua" "$1" >"$tmp/wrk.out"
  local rps p99
  rps="$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.out")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' "$tmp/wrk.out")"
  echo "$rps $p99"
}

echo "warming up (10 s each)..." >&2
run_wrk "http://127.0.0.1:$lk_port/v1/keys:verify" 10 >/dev/null
run_wrk "http://127.0.0.1:$nginx_port/v1/keys:verify" 5 >/dev/null

read -r ngx_rps ngx_p99 < <(run_wrk "http://127.0.0.1:$nginx_port/v1/keys:verify" "$secs")
read -r lk_rps lk_p99 < <(run_wrk "http://127.0.0.1:$lk_port/v1/keys:verify" "$secs")

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
machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)
wrk -t2 -c$conns -d${secs}s, POST /v1/keys:verify, same key, same run
| target | requests/s | p99 (ms) |
|---|---|---|
| nginx static map (baseline) | $ngx_rps | $ngx_p99 |
| Latchkey keys:verify | $lk_rps | $lk_p99 |
ratio Latchkey / nginx: $ratio
at half load (hey -c $workers -q $per_worker, target $rate/s): $half_rps/s, p50 $half_p50 ms, p99 $half_p99 ms${non200:+, non-200: $non200}
OUT
