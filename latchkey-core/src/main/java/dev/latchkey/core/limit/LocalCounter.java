package dev.latchkey.core.limit;

/**
 * One counter of a {@link LocalLimiter}: the window it was last charged in and what that window
 * spent. A later window has spent nothing. Not thread-safe: the limiter's lock guards it.
 */
final class LocalCounter {
  private long window;
  private long spent;

  LocalCounter(long window) {
    this.window = window;
  }

  /** What {@code current} has spent so far. */
  long spentIn(long current) {
    return current == window ? spent : 0;
  }

  /** Spends {@code cost} in {@code current}; the caller has checked the limit. */
  void take(long current, long cost) {
    if (current != window) {
      window = current;
      spent = 0;
    }
    spent += cost;
  }

  /** Gives back {@code cost} if {@code charged} is still this counter's window. */
  void giveBack(long charged, long cost) {
    if (charged == window) {
      spent = Math.max(0, spent - cost);
    }
  }
}
