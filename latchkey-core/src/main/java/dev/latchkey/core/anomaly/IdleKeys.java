package dev.latchkey.core.anomaly;

import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.UsageRepository.IdleKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code key_unused} rule: live keys not used for {@code after} (or never, since they were made
 * that long ago) are candidates for revocation. Run by every node every few hours; the alert store
 * folds repeats of an open alert into one, so several nodes raising the same key is harmless.
 *
 * <p>"Used" is what the usage records say: a verification the server answered. Uses the Java SDK
 * answers from its cache are not seen, but an SDK asks the server again at least every few minutes
 * for a key it keeps using, so a key in use is never idle for days.
 */
public final class IdleKeys {
  private static final int PAGE = 500;

  private final Store store;
  private final Duration after;
  private final Signals signals;
  private final Clock clock;

  public IdleKeys(Store store, Duration after, Signals signals, Clock clock) {
    this.store = store;
    this.after = after;
    this.signals = signals;
    this.clock = clock;
  }

  /**
   * Raises {@code key_unused} for every idle key now; returns how many. Off when {@code after} is
   * 0.
   */
  public int run() {
    if (after.isZero()) {
      return 0;
    }
    Instant now = clock.instant();
    long before = now.minus(after).toEpochMilli();
    int raised = 0;
    String last = null;
    while (true) {
      String from = last;
      List<IdleKey> page =
          store.read(tx -> tx.usage().idleKeys(before, now.toEpochMilli(), from, PAGE));
      for (IdleKey k : page) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put(
            k.used() ? "last_used_at" : "unused_since",
            Instant.ofEpochMilli(k.idleSince()).toString());
        details.put("service", k.serviceId());
        details.put(
            "unused_for_days", Duration.ofMillis(now.toEpochMilli() - k.idleSince()).toDays());
        signals.raise(
            k.workspaceId(), "key_unused", "info", "key", k.keyId(), k.keyId(), details, now);
        raised++;
      }
      if (page.size() < PAGE) {
        return raised;
      }
      last = page.getLast().keyId();
    }
  }
}
