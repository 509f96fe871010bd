package dev.latchkey.core.limit;

/** What a {@link FailoverLimiter} does while its shared counters cannot be reached. */
public enum FallbackMode {
  /**
   * Count on this node alone, each limit L cut to {@code L / nodes} rounded down (a limit below the
   * node count admits nothing): with every node up and load spread evenly the cluster admits about
   * L per window, with load on fewer nodes less. The default for rate limits.
   */
  LOCAL,
  /** Deny every charge that has a counter: nothing is admitted that cannot be counted. */
  CLOSED
}
