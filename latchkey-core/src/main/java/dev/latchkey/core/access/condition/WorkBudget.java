package dev.latchkey.core.access.condition;

import dev.cel.runtime.CelEvaluationException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;

/**
 * The work one evaluation may do where its cost grows with the data: pattern matching (text length
 * times program size), substring search and concatenation (their lengths), and reading a map from
 * the input (its size: the runtime adapts a map whole on each access). Charged per evaluation on
 * the evaluating thread; past {@link #MAX} the evaluation fails, which denies. With the iteration
 * and node limits this bounds one evaluation to milliseconds whatever the condition and the input.
 */
final class WorkBudget {
  /** Units of work per evaluation: about a character compared, or a map entry adapted. */
  static final long MAX = 2_000_000;

  private static final ThreadLocal<long[]> LEFT = ThreadLocal.withInitial(() -> new long[1]);

  private WorkBudget() {}

  /** Starts an evaluation on this thread with a full budget. */
  static void start() {
    LEFT.get()[0] = MAX;
  }

  /**
   * Spends {@code work} units.
   *
   * @throws CelEvaluationException when the evaluation's budget is spent
   */
  static void charge(long work) throws CelEvaluationException {
    long[] left = LEFT.get();
    left[0] -= work;
    if (left[0] < 0) {
      throw new CelEvaluationException("the condition exceeded its work budget");
    }
  }

  /** {@code map}, charging its size to the budget each time it is read whole. */
  static <V> Map<String, V> charging(Map<String, V> map) {
    return map.isEmpty() ? map : new ChargingMap<>(map);
  }

  /** Thrown from inside a map read, where a checked exception cannot go; denies all the same. */
  static final class Exhausted extends RuntimeException {
    Exhausted() {
      super("the condition exceeded its work budget", null, false, false);
    }
  }

  private static final class ChargingMap<V> extends AbstractMap<String, V> {
    private final Map<String, V> map;

    ChargingMap(Map<String, V> map) {
      this.map = map;
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      long[] left = LEFT.get();
      left[0] -= map.size();
      if (left[0] < 0) {
        throw new Exhausted();
      }
      return map.entrySet();
    }

    @Override
    public V get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }
}
