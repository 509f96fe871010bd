package dev.latchkey.bench.cluster;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One measurement of revocation propagation on a {@link Cluster}: {@code n} keys are created, then,
 * one after the other, each is verified on B and C (so both have it cached as valid), revoked
 * through A, and watched on B and C until each denies it. The next revocation starts after a random
 * pause of 0 to {@code maxGapMillis}, without waiting for the watchers, so revocations fall at
 * random points of the followers' poll cycle.
 */
final class PropagationRun {
  private static final long DRAIN_MILLIS = 10_000;
  private static final int WARMUP = 100;

  private PropagationRun() {}

  /**
   * @param revoke time of A's revocation call (start to commit acknowledged)
   * @param b time from the start of the revocation until B denied the key
   * @param missed keys still valid on B or C 10 s after the last revocation
   * @param unexpected denials on B or C with a code other than {@code REVOKED}
   * @param slowCalls the watchers' verifications that took over 50 ms (process stalls)
   */
  record Result(
      String cluster,
      Percentiles revoke,
      Percentiles b,
      Percentiles c,
      int missed,
      int unexpected,
      int slowCalls) {}

  static Result run(Cluster cluster, int n, int maxGapMillis) throws InterruptedException {
    System.err.printf("%s: creating %d keys%n", cluster.name(), WARMUP + n);
    List<Cluster.Issued> keys = cluster.createKeys(WARMUP + n);
    System.err.printf("%s: revoking them one by one%n", cluster.name());
    measure(cluster, keys.subList(0, WARMUP), maxGapMillis);
    return measure(cluster, keys.subList(WARMUP, keys.size()), maxGapMillis);
  }

  private static Result measure(Cluster cluster, List<Cluster.Issued> keys, int maxGapMillis)
      throws InterruptedException {
    long[] revokeNanos = new long[keys.size()];
    try (Watch b = new Watch(cluster, 1);
        Watch c = new Watch(cluster, 2)) {
      for (int i = 0; i < keys.size(); i++) {
        Cluster.Issued key = keys.get(i);
        for (int node = 1; node <= 2; node++) {
          String code = cluster.codeOn(node, key.key());
          if (!code.equals("VALID")) {
            throw new IllegalStateException("a fresh key was " + code + " on node " + node);
          }
        }
        long start = System.nanoTime();
        b.watch(key.key(), start);
        c.watch(key.key(), start);
        cluster.revoke(key.id());
        revokeNanos[i] = System.nanoTime() - start;
        Thread.sleep(ThreadLocalRandom.current().nextInt(maxGapMillis + 1));
      }
      int missed = b.awaitDenied(DRAIN_MILLIS) + c.awaitDenied(DRAIN_MILLIS);
      return new Result(
          cluster.name(),
          Percentiles.ofNanos(revokeNanos),
          b.latencies(),
          c.latencies(),
          missed,
          b.unexpected() + c.unexpected(),
          b.slow() + c.slow());
    }
  }
}
