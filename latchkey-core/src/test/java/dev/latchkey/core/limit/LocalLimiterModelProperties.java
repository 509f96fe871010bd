package dev.latchkey.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link LocalLimiter} against a literal transcription of the fixed-window model of {@code
 * docs/limits.md}: random steps of time (often onto and next to window boundaries), charges of
 * random cost over random subsets of counters, and refunds of earlier charges give the same
 * answers, state by state.
 */
class LocalLimiterModelProperties {
  private static final Instant START = Instant.parse("2030-01-01T00:00:59.000Z");
  private static final List<Counter> COUNTERS =
      List.of(
          new Counter("key_a", new LimitRule("requests", 3, Duration.ofSeconds(1))),
          new Counter("key_a", new LimitRule("bulk", 5, Duration.ofSeconds(2))),
          new Counter("con_a", new LimitRule("requests", 4, Duration.ofMinutes(1))));

  /**
   * One step: move the clock, then charge {@code cost} on the counters in {@code mask}, or refund.
   */
  record Step(long advanceMillis, int mask, long cost, boolean refund, int pick) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Long> advance =
        Arbitraries.oneOf(
            Arbitraries.of(0L, 1L, 999L, 1000L), Arbitraries.longs().between(0, 2500));
    return Combinators.combine(
            advance,
            Arbitraries.integers().between(0, 7),
            Arbitraries.longs().between(0, 6),
            Arbitraries.of(false, false, false, true),
            Arbitraries.integers().between(0, 1000))
        .as(Step::new)
        .list()
        .ofMaxSize(80);
  }

  @Property(tries = 300)
  void localLimiter_answersExactlyAsTheModel(@ForAll("steps") List<Step> steps) {
    MutableClock clock = new MutableClock(START);
    LocalLimiter limiter = LocalLimiter.create(clock);
    Model model = new Model();
    List<Charge> admitted = new ArrayList<>();
    for (Step step : steps) {
      clock.advance(Duration.ofMillis(step.advanceMillis()));
      if (step.refund() && !admitted.isEmpty()) {
        Charge refunded = admitted.get(step.pick() % admitted.size());
        limiter.refund(refunded);
        model.refund(refunded);
        continue;
      }
      List<Counter> counters = subset(step.mask());
      Charge actual = limiter.charge("ws_1", counters, step.cost());
      assertThat(actual).isEqualTo(model.charge(counters, step.cost(), clock.millis()));
      if (actual.admitted()) {
        admitted.add(actual);
      }
    }
  }

  private static List<Counter> subset(int mask) {
    List<Counter> out = new ArrayList<>();
    for (int i = 0; i < COUNTERS.size(); i++) {
      if ((mask & (1 << i)) != 0) {
        out.add(COUNTERS.get(i));
      }
    }
    return out;
  }

  /** The model, as written: a window index and what it spent, per counter. */
  private static final class Model {
    private final Map<Counter, long[]> windowAndSpent = new HashMap<>();

    Charge charge(List<Counter> counters, long cost, long now) {
      boolean admitted = true;
      for (Counter c : counters) {
        admitted &= spent(c, now) + Math.max(cost, 1) <= c.rule().limit();
      }
      List<CounterState> states = new ArrayList<>();
      for (Counter c : counters) {
        long window = c.rule().windowAt(now);
        long spent = spent(c, now);
        if (admitted && cost > 0) {
          windowAndSpent.put(c, new long[] {window, spent + cost});
          spent += cost;
        }
        boolean exceeded = !admitted && spent + Math.max(cost, 1) > c.rule().limit();
        Instant reset = Instant.ofEpochMilli(c.rule().windowEndMillis(window));
        states.add(
            new CounterState(c, window, Math.max(0, c.rule().limit() - spent), reset, exceeded));
      }
      return new Charge("ws_1", admitted, cost, states);
    }

    void refund(Charge charge) {
      for (CounterState s : charge.states()) {
        long[] stored = windowAndSpent.get(s.counter());
        if (stored != null && stored[0] == s.window()) {
          stored[1] = Math.max(0, stored[1] - charge.cost());
        }
      }
    }

    private long spent(Counter c, long now) {
      long[] stored = windowAndSpent.get(c);
      return stored != null && stored[0] == c.rule().windowAt(now) ? stored[1] : 0;
    }
  }
}
