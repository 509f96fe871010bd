package dev.latchkey.core.verify;

import dev.latchkey.core.store.Store;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers when rotated-out secrets were last presented and writes that to the store in batches,
 * off the verification path. A crash loses at most the time since the last {@link #flush()}.
 */
final class PreviousSecretTracker {
  private final ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();
  private final Store store;

  PreviousSecretTracker(Store store) {
    this.store = store;
  }

  void seen(String keyId, Instant at) {
    pending.merge(keyId, at, (a, b) -> a.isAfter(b) ? a : b);
  }

  void flush() {
    if (pending.isEmpty()) {
      return;
    }
    // Sorted: every node updates key rows in the same order, so two flushes cannot deadlock.
    Map<String, Instant> batch = new TreeMap<>();
    for (String keyId : pending.keySet()) {
      Instant at = pending.remove(keyId);
      if (at != null) {
        batch.put(keyId, at);
      }
    }
    try {
      store.recordPreviousSecretUse(batch);
    } catch (RuntimeException e) {
      batch.forEach(this::seen); // keep them for the next flush
      throw e;
    }
  }
}
