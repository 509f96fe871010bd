#!/usr/bin/env bash
# Forward auth under load, in one run on one machine, one target after the other (each warmed up):
#   1. nginx's static map check of the key (deploy/nginx/bench-static-map.conf), the baseline of 4;
#   2. nginx auth_request to an endpoint that always answers 200 (deploy/nginx/bench-always-200.conf),
#      the ceiling for any forward-auth service and the baseline of 3;
#   3. nginx auth_request to Latchkey's /v1/forward-auth on its forward-auth listener
#      (--forward-auth-port), as deploy/nginx/forward-auth.conf advises;
#   4. Latchkey's POST /v1/keys:verify directly;
#   5. as 3, but to /v1/forward-auth on Latchkey's API port: the other listener, same run.
# 2, 3 and 5 are the shipped deploy/nginx/forward-auth.conf, filled in the same way but for the
# port of the auth endpoint, in front of the same upstream (nginx answering 200). The four runs are
# repeated for some rounds; each figure is the median over the rounds, and each ratio the median of
# the rounds' ratios (adjacent runs), so that a burst of other work on the machine moves one round.
# Beside each figure: the CPU time Latchkey and all nginx processes spent per request (from /proc),
# which says where the time goes when wrk, nginx and Latchkey share the same cores.
#
#   latchkey-bench/scripts/gateway.sh [seconds per run, default 15] [connections, default 32] [rounds, default 3]
#
# LATCHKEY_BENCH_OTHER_CONF=file runs 2 and 3 also with that nginx config (e.g. an older
# forward-auth.conf from git show), as 2b and 3b of every round: a change to the config measured
# against the shipped one in the same run.
#
# Needs wrk, nginx with auth_request (Debian: apt-get install wrk nginx-light), curl and jq.
# Loopback only; every run is bounded in time; everything started is stopped on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"
secs="${1:-15}"
conns="${2:-32}"
rounds="${3:-3}"
other="${LATCHKEY_BENCH_OTHER_CONF:-}"
static_port=18081 auth200_port=18083 upstream_port=18084 gw200_port=18085 gwlk_port=18086
fa_port=18089 gwapi_port=18090
[ -z "$other" ] || [ -f "$other" ] || { echo "no such file: $other" >&2; exit 2; }
bench_needs wrk nginx curl jq
bench_java
bench_tmp

load_start="$(cut -d' ' -f1-3 /proc/loadavg)"
bench_latchkey 18080 --forward-auth-port "$fa_port"
lk_pid="${bench_pids[0]}"
svc="$(api /v1/services '{"name":"orders","prefix":"ord"}' | jq -r .id)"
gateway_key="$(api /v1/root-keys "{\"name\":\"gateway\",\"permissions\":[\"keys.verify\"],\"services\":[\"$svc\"]}" | jq -r .key)"
key="$(api /v1/keys "{\"service\":\"$svc\",\"permissions\":[\"orders:read\"]}" | jq -r .key)"
[ "$(api /v1/keys:verify "{\"key\":\"$key\"}" | jq -r .code)" = VALID ]

mkdir -p "$tmp/static" "$tmp/backends"
sed "s/127.0.0.1:18081/127.0.0.1:$static_port/" "$bench_here/deploy/nginx/bench-static-map.conf" >"$tmp/static/nginx.conf"
printf '"%s" 1;\n' "$key" >"$tmp/static/keys.map"
bench_nginx "$tmp/static" "$static_port"
cp "$bench_here/deploy/nginx/bench-always-200.conf" "$tmp/backends/nginx.conf"
bench_nginx "$tmp/backends" "$upstream_port"

gateway() { # name gateway-port auth-port config
  mkdir -p "$tmp/$1"
  (umask 077 && sed -e "s/@GATEWAY_PORT@/$2/" -e "s/@LATCHKEY_PORT@/$3/" \
    -e "s/@UPSTREAM_PORT@/$upstream_port/" -e "s/@ROOT_KEY@/$gateway_key/" \
    -e "s/@SERVICE@/$svc/" -e "s/@PERMISSIONS@/orders:read/" "$4" >"$tmp/$1/nginx.conf")
  bench_nginx "$tmp/$1" "$2"
}
gateway gw200 "$gw200_port" "$auth200_port" "$bench_here/deploy/nginx/forward-auth.conf"
gateway gwlk "$gwlk_port" "$fa_port" "$bench_here/deploy/nginx/forward-auth.conf"
gateway gwapi "$gwapi_port" "$lk_port" "$bench_here/deploy/nginx/forward-auth.conf"
if [ -n "$other" ]; then
  gateway other200 18087 "$auth200_port" "$other"
  gateway otherlk 18088 "$fa_port" "$other"
fi

status() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
# Each target answers as it should: the gateway to Latchkey lets the key through to the upstream
# and turns away a request without it; the other one lets everything through.
[ "$(curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$gwlk_port/api/orders")" = ok ]
[ "$(status "http://127.0.0.1:$gwlk_port/api/orders")" = 401 ]
[ "$(curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$gwapi_port/api/orders")" = ok ]
[ "$(status "http://127.0.0.1:$gwapi_port/api/orders")" = 401 ]
[ "$(curl -s -H "X-Api-Key: $key" "http://127.0.0.1:$gw200_port/api/orders")" = ok ]
if [ -n "$other" ]; then
  [ "$(curl -s -H "X-Api-Key: $key" "http://127.0.0.1:18088/api/orders")" = ok ]
  [ "$(status "http://127.0.0.1:18088/api/orders")" = 401 ]
fi
[ "$(curl -s -X POST -H "X-Api-Key: $key" "http://127.0.0.1:$static_port/v1/keys:verify" | jq -r .code)" = VALID ]

cat >"$tmp/verify.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"key":"$key"}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $root"
wrk.headers["X-Api-Key"] = "$key"
LUA
cat >"$tmp/gateway.lua" <<LUA
wrk.method = "GET"
wrk.path = "/api/orders"
wrk.headers["X-Api-Key"] = "$key"
LUA

static_url="http://127.0.0.1:$static_port/v1/keys:verify"
gw200_url="http://127.0.0.1:$gw200_port/api/orders"
gwlk_url="http://127.0.0.1:$gwlk_port/api/orders"
gwapi_url="http://127.0.0.1:$gwapi_port/api/orders"
verify_url="http://127.0.0.1:$lk_port/v1/keys:verify"

echo "warming up (10 s on Latchkey's three targets, 5 s on the others)..." >&2
bench_wrk "$tmp/verify.lua" "$verify_url" 10 >/dev/null
bench_wrk "$tmp/gateway.lua" "$gwlk_url" 10 >/dev/null
bench_wrk "$tmp/gateway.lua" "$gwapi_url" 10 >/dev/null
bench_wrk "$tmp/gateway.lua" "$gw200_url" 5 >/dev/null
bench_wrk "$tmp/verify.lua" "$static_url" 5 >/dev/null

echo "measuring ($rounds rounds, $secs s per run)..." >&2
targets=("$tmp/verify.lua $static_url" "$tmp/gateway.lua $gw200_url" "$tmp/gateway.lua $gwlk_url" "$tmp/verify.lua $verify_url" "$tmp/gateway.lua $gwapi_url")
[ -z "$other" ] || targets+=("$tmp/gateway.lua http://127.0.0.1:18087/api/orders" "$tmp/gateway.lua http://127.0.0.1:18088/api/orders")
nginx_pids=("${bench_pids[@]:1}")
tick_us=$((1000000 / $(getconf CLK_TCK)))
per_request() { # ticks requests/s -> CPU microseconds per request
  awk -v t="$1" -v r="$2" -v s="$secs" -v u="$tick_us" 'BEGIN {printf "%.1f", t * u / (r * s)}'
}
for round in $(seq "$rounds"); do
  for t in "${!targets[@]}"; do
    read -r lua url <<<"${targets[$t]}"
    lk0="$(bench_cpu_ticks "$lk_pid")" ngx0="$(bench_cpu_ticks "${nginx_pids[@]}")"
    read -r rps p50 p99 errors < <(bench_wrk "$lua" "$url" "$secs")
    lk="$(per_request $(($(bench_cpu_ticks "$lk_pid") - lk0)) "$rps")"
    ngx="$(per_request $(($(bench_cpu_ticks "${nginx_pids[@]}") - ngx0)) "$rps")"
    echo "$round $t $rps $p50 $p99 $errors $lk $ngx" | tee -a "$tmp/runs" |
      sed 's/^/  round, target, req\/s, p50, p99, errors, CPU us\/req Latchkey, nginx: /' >&2
  done
done

median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'; }
column() { awk -v t="$1" -v c="$2" '$2 == t {print $c}' "$tmp/runs" | median; } # target, field
row() { # target label
  printf '| %s | %.0f | %.2f | %.2f | %d | %.1f | %.1f |\n' "$2" "$(column "$1" 3)" "$(column "$1" 4)" \
    "$(column "$1" 5)" "$(awk -v t="$1" '$2 == t {e += $6} END {print e + 0}' "$tmp/runs")" \
    "$(column "$1" 7)" "$(column "$1" 8)"
}
ratios() { # numerator denominator -> "median (min-max)" of the rounds' ratios
  awk -v a="$1" -v b="$2" '$2 == a {x[$1] = $3} $2 == b {y[$1] = $3} END {for (r in x) printf "%.3f\n", x[r] / y[r]}' "$tmp/runs" |
    sort -g | awk '{v[NR] = $1} END {printf "%.2f (rounds: %.2f to %.2f)", (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR]}'
}
{
  bench_machine | tr -d '\n'; echo "; $(nginx -v 2>&1 | sed 's/.*: //')"
  echo "wrk -t2 -c$conns -d${secs}s per run, $rounds rounds, medians; commit $(git -C "$bench_here" rev-parse --short HEAD 2>/dev/null || echo '?'); load average $load_start at the start, $(cut -d' ' -f1-3 /proc/loadavg) at the end"
  echo "| target | requests/s | p50 (ms) | p99 (ms) | errors | Latchkey CPU (µs/request) | nginx CPU (µs/request) |"
  echo "|---|---|---|---|---|---|---|"
  row 0 "1. nginx static map, POST /v1/keys:verify"
  row 1 "2. nginx auth_request → always 200, GET /api/orders"
  row 2 "3. nginx auth_request → Latchkey's forward-auth listener, GET /api/orders"
  row 3 "4. Latchkey POST /v1/keys:verify"
  row 4 "5. nginx auth_request → /v1/forward-auth on Latchkey's API port, GET /api/orders"
  if [ -n "$other" ]; then
    row 5 "2b. as 2 with $(basename "$other")"
    row 6 "3b. as 3 with $(basename "$other")"
  fi
  echo "| SDK cached verify | measured by the SDK's JMH benchmark | | | | | |"
  echo "ratio 3 / 2 (forward auth to Latchkey / to an always-200 endpoint): $(ratios 2 1)"
  echo "ratio 5 / 2 (the same to the API port): $(ratios 4 1)"
  echo "ratio 4 / 1 (keys:verify / nginx static map): $(ratios 3 0)"
  [ -z "$other" ] || echo "ratio 3b / 2b (the same with $(basename "$other")): $(ratios 6 5)"
}
