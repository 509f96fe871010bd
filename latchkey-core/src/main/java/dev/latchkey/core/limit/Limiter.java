package dev.latchkey.core.limit;

import java.util.List;

/**
 * Where rate counters live: in memory ({@link LocalLimiter}) or shared by a cluster (Redis).
 * Implementations are thread-safe and exact: concurrent charges never admit more than a rule's
 * limit within one window.
 */
public interface Limiter extends AutoCloseable {

  /**
   * Charges {@code cost} to every counter of {@code workspaceId} at the current time, all or
   * nothing: admitted only when every counter has at least {@code max(cost, 1)} left in its current
   * window, and then each is charged {@code cost}. A denied charge spends nothing. An empty list is
   * admitted.
   *
   * @throws LimiterUnavailableException when the counters cannot be reached; nothing was charged
   *     that the caller should rely on
   */
  Charge charge(String workspaceId, List<Counter> counters, long cost);

  /**
   * Gives back what an admitted {@code charge} spent, on each counter whose current window is still
   * the one charged: a refund never raises a later window's allowance. Does nothing for a denied
   * charge or a cost of 0. Best effort: a failure to reach the counters is swallowed (the units
   * stay spent, which can only under-admit).
   */
  void refund(Charge charge);

  @Override
  void close();
}
