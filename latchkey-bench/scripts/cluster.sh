#!/usr/bin/env bash
# Cluster benchmarks against the PostgreSQL at 127.0.0.1:5432 (database test, user postgres, trust
# auth; LATCHKEY_BENCH_POSTGRES_URL=jdbc:postgresql://… names another). Each run works in a fresh
# schema lk_bench_<random>, which Flyway creates and the run drops at its end (also on Ctrl-C).
# Nodes run inside the benchmark's JVM on free loopback ports. Each prints a markdown table on
# standard output (progress on standard error).
#
#   latchkey-bench/scripts/cluster.sh revocation [revocations per cluster, default 1000]  ~1 min
#   latchkey-bench/scripts/cluster.sh create [seconds per HTTP run, default 20]           ~1.5 min
#   latchkey-bench/scripts/cluster.sh scale [keys, default 1000000]                       ~2.5 min
#   latchkey-bench/scripts/cluster.sh all                                                   all three
#
# Needs a JDK >= 21 (JAVA_HOME, else Temurin 25), PostgreSQL reachable, and wrk for `create`
# (Debian: apt-get install wrk). Builds latchkey-bench and what it needs first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
what="${1:-all}"
[ $# -gt 0 ] && shift

case "$what" in
  revocation | create | scale | all) ;;
  *) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
if [ "$what" = all ] && [ $# -gt 0 ]; then
  echo "cluster.sh all takes no arguments" >&2; exit 2
fi
if [ "$what" = create ] || [ "$what" = all ]; then
  command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
fi
if [ -z "${LATCHKEY_BENCH_POSTGRES_URL:-}" ] && command -v pg_isready >/dev/null; then
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 2; }
fi

java_major() { "$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }
if [ -z "${JAVA_HOME:-}" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -z "${LATCHKEY_BENCH_SKIP_BUILD:-}" ]; then
  echo "building latchkey-bench..." >&2
  (cd "$here" && ./mvnw -q -DskipTests -Dspotless.check.skip=true -pl latchkey-bench -am package) >&2
fi

run() { # class [args...]
  echo "== $* (commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'))" >&2
  LATCHKEY_LOG_LEVEL="${LATCHKEY_LOG_LEVEL:-WARN}" "$JAVA_HOME/bin/java" -Xmx2g \
    --enable-native-access=ALL-UNNAMED \
    -Djava.util.logging.config.file="$here/latchkey-bench/scripts/jul.properties" \
    -cp "$here/latchkey-bench/target/classes:$here/latchkey-bench/target/libs/*" \
    "dev.latchkey.bench.cluster.$1" "${@:2}"
  echo
}

case "$what" in
  revocation) run RevocationBenchmark "$@" ;;
  create) run CreateBenchmark "$@" ;;
  scale) run ScaleBenchmark "$@" ;;
  all)
    run RevocationBenchmark
    run CreateBenchmark
    run ScaleBenchmark
    ;;
esac
