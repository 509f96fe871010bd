package dev.latchkey.bench.cluster;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Times the verification of sampled keys twice over: first with a cache that has never seen them
 * (cold), then again, every key now cached (warm, the baseline). Every verdict must be {@code
 * VALID}, or the run fails.
 */
final class Verifications {
  /** Cold and warm latencies of the same keys. */
  record Result(Percentiles cold, Percentiles warm) {}

  private final UnaryOperator<String> codeOf;

  /**
   * @param codeOf verifies a key and returns its verdict code
   */
  Verifications(UnaryOperator<String> codeOf) {
    this.codeOf = codeOf;
  }

  Result run(List<KeySeeder.Sample> keys) {
    long[] cold = time(keys);
    long[] warm = time(keys);
    return new Result(Percentiles.ofNanos(cold), Percentiles.ofNanos(warm));
  }

  private long[] time(List<KeySeeder.Sample> keys) {
    long[] nanos = new long[keys.size()];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      String code = codeOf.apply(keys.get(i).key());
      nanos[i] = System.nanoTime() - start;
      if (!code.equals("VALID")) {
        throw new IllegalStateException("seeded key " + keys.get(i).id() + " verified " + code);
      }
    }
    return nanos;
  }
}
