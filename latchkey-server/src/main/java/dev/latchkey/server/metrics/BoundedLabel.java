package dev.latchkey.server.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a label's values to at most {@code max} distinct ones: the first {@code max} values seen
 * are kept as they are, every later one becomes {@value #OTHER}. A label bounded this way cannot
 * make the number of series grow without end, whatever reaches it. Thread-safe; a value seen before
 * costs one hash lookup.
 */
final class BoundedLabel {
  /** What a value past the bound is reported as. */
  static final String OTHER = "other";

  private final int max;
  private final Set<String> kept = ConcurrentHashMap.newKeySet();
  private final AtomicInteger slots = new AtomicInteger();

  BoundedLabel(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the bound must be at least 1");
    }
    this.max = max;
  }

  /** {@code value} if it is one of the first {@code max} distinct values, else {@value #OTHER}. */
  String of(String value) {
    if (kept.contains(value)) {
      return value;
    }
    // A slot is taken before the value is added, so racing threads cannot exceed the bound.
    while (true) {
      int taken = slots.get();
      if (taken >= max) {
        return kept.contains(value) ? value : OTHER;
      }
      if (slots.compareAndSet(taken, taken + 1)) {
        if (!kept.add(value)) {
          slots.decrementAndGet(); // another thread added the same value meanwhile
        }
        return value;
      }
    }
  }
}
