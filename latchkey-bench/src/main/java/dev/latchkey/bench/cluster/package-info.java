/**
 * Cluster benchmarks, run on demand by {@code latchkey-bench/scripts/cluster.sh}, never by the
 * build: {@link dev.latchkey.bench.cluster.RevocationBenchmark} (propagation of a revocation to the
 * other nodes), {@link dev.latchkey.bench.cluster.ScaleBenchmark} (cold verification and listing at
 * a million keys), {@link dev.latchkey.bench.cluster.CreateBenchmark} (key creation throughput).
 *
 * <p>House rules, as for the JMH benchmarks: every figure comes with a baseline measured in the
 * same run (cached verification, the first pages, SQLite, polling without notifications) and the
 * machine it ran on; every run is bounded in time, on loopback, in a fresh PostgreSQL schema that
 * it drops at the end. Plaintext keys exist only in the benchmark's memory (and, for {@code wrk},
 * the root key in a mode-0600 script file while wrk runs).
 */
package dev.latchkey.bench.cluster;
