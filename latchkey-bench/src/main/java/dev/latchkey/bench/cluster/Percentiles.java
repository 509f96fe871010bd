package dev.latchkey.bench.cluster;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Latency percentiles of a set of samples, in milliseconds, by nearest rank.
 *
 * @param count how many samples
 */
record Percentiles(int count, double p50, double p99, double max) {

  /** Percentiles of {@code nanos}; all zero when there are none. */
  static Percentiles ofNanos(long[] nanos) {
    if (nanos.length == 0) {
      return new Percentiles(0, 0, 0, 0);
    }
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Percentiles(
        sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
  }

  static Percentiles ofNanos(Collection<Long> nanos) {
    return ofNanos(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  private static double rank(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1e6;
  }

  /** A duration in milliseconds with as many decimals as its size calls for. */
  static String ms(double millis) {
    if (millis < 1) {
      return String.format(Locale.ROOT, "%.3f", millis);
    }
    return String.format(Locale.ROOT, millis < 100 ? "%.2f" : "%.1f", millis);
  }

  /** {@code a / b} with two decimals, for the ratio columns. */
  static String ratio(double a, double b) {
    return b == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", a / b);
  }

  /** A count with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
