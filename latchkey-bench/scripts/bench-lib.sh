# Sourced by the HTTP benchmark scripts: the JDK and jar, a temporary directory that is removed on
# exit with everything started in it, a Latchkey server, its admin API, nginx, and wrk's figures.
# Everything listens on 127.0.0.1 only.
bench_here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

bench_needs() { # tool...
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
  done
}

# JAVA_HOME (a JDK >= 21, else Temurin 25) and $jar, built if missing.
bench_java() {
  java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
  if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  jar="$bench_here/latchkey-server/target/latchkey.jar"
  [ -f "$jar" ] || (cd "$bench_here" && ./mvnw -q -DskipTests -Dspotless.check.skip=true -pl latchkey-server -am package)
}

# $tmp (mode 0700: the configs in it hold root keys) and the trap that stops every process in
# $bench_pids and removes $tmp.
bench_tmp() {
  tmp="$(mktemp -d)"
  bench_pids=()
  trap bench_cleanup EXIT
}
bench_cleanup() {
  local p
  for p in "${bench_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}

bench_await_port() { # port what log
  local _
  for _ in $(seq 150); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.1
  done
  echo "$2 did not listen on $1 within 15 s:" >&2
  cat "$3" >&2
  exit 1
}

# Starts Latchkey on SQLite in $tmp/data (extra server options after the port) and sets $lk_port
# and $root (the bootstrap root key).
bench_latchkey() { # port [server options...]
  lk_port="$1"
  # as ./latchkey starts it
  "$JAVA_HOME/bin/java" -Dio.netty.leakDetection.level=disabled -jar "$jar" server \
    --port "$lk_port" --data-dir "$tmp/data" "${@:2}" \
    >"$tmp/server.out" 2>"$tmp/server.err" &
  bench_pids+=($!)
  local _
  for _ in $(seq 150); do
    curl -sf "http://127.0.0.1:$lk_port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -sf "http://127.0.0.1:$lk_port/readyz" >/dev/null || { cat "$tmp/server.err" >&2; exit 1; }
  root="$(cat "$tmp/data/bootstrap-root-key")"
}

api() { # path json -> response body; fails on a non-2xx
  curl -sf -H "Authorization: Bearer $root" -H 'Content-Type: application/json' \
    "http://127.0.0.1:$lk_port$1" -d "$2"
}

# Starts nginx in the foreground from $dir/nginx.conf (written by the caller) and waits for $port.
bench_nginx() { # dir port
  local dir="$1" daemon=()
  mkdir -p "$dir/tmp" "$dir/logs"
  grep -q '^daemon off;' "$dir/nginx.conf" || daemon=(-g 'daemon off;')
  nginx -p "$dir" -c "$dir/nginx.conf" -e stderr "${daemon[@]}" >"$dir/nginx.log" 2>&1 &
  bench_pids+=($!)
  bench_await_port "$2" nginx "$dir/nginx.log"
}

# wrk with $conns connections for $seconds -> "requests/s p50_ms p99_ms errors", where errors
# counts non-2xx/3xx answers and socket errors. The whole output stays in $tmp/wrk.out.
bench_wrk() { # lua url seconds
  wrk -t2 -c"$conns" -d"$3"s --latency -s "$1" "$2" >"$tmp/wrk.out"
  awk '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/) { sub(/s$/, "", v); return v * 1000 }
      return v
    }
    /Requests\/sec/ { rps = $2 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /Non-2xx or 3xx/ { errors += $NF }
    /Socket errors/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
    END { printf "%s %.2f %.2f %d\n", rps, p50, p99, errors }
  ' "$tmp/wrk.out"
}

# CPU time (user + system, in clock ticks) of the processes and their children so far.
bench_cpu_ticks() { # pid...
  bench_ticks '$14 + $15' "$@"
}

# User CPU time alone (in clock ticks): the process's own code, without the kernel's part.
bench_user_ticks() { # pid...
  bench_ticks '$14' "$@"
}

bench_ticks() { # awk-expression-over-/proc/pid/stat pid...
  local p c t=0 expr="$1"
  for p in "${@:2}"; do
    for c in "$p" $(pgrep -P "$p" || true); do
      t=$((t + $(awk "{print $expr}" "/proc/$c/stat" 2>/dev/null || echo 0)))
    done
  done
  echo "$t"
}

bench_machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -r); java $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
}
