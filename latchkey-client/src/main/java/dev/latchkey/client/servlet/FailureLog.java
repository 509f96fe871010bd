package dev.latchkey.client.servlet;

import dev.latchkey.client.LatchkeyApiException;
import dev.latchkey.client.LatchkeyException;
import java.lang.System.Logger.Level;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Logs why {@link LatchkeyFilter} answered 503, at most once per {@link #INTERVAL_NANOS}: while the
 * server is down every request fails the same way, and a log line each would bury the rest. Only
 * the SDK's message is logged, which never holds the root key or a presented secret; the exception
 * itself is not, so that no cause's text can carry one either.
 */
final class FailureLog {
  private static final System.Logger LOG = System.getLogger(LatchkeyFilter.class.getName());
  private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - INTERVAL_NANOS);
  private final LongAdder suppressed = new LongAdder();

  void failed(LatchkeyException e) {
    long now = System.nanoTime();
    long last = lastLogged.get();
    if (now - last < INTERVAL_NANOS || !lastLogged.compareAndSet(last, now)) {
      suppressed.increment();
      return;
    }
    LOG.log(
        level(e),
        "cannot verify keys, refusing with 503 ({0} more since the last report): {1}",
        suppressed.sumThenReset(),
        e.getMessage());
  }

  /** The server refused the filter's own request (root key, permission query): configuration. */
  private static Level level(LatchkeyException e) {
    return e instanceof LatchkeyApiException api && api.status() < 500
        ? Level.ERROR
        : Level.WARNING;
  }
}
