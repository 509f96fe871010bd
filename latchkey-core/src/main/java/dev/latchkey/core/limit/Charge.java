package dev.latchkey.core.limit;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Limiter#charge}: admitted or not, and one state per counter in the order
 * they were given.
 */
public record Charge(String workspaceId, boolean admitted, long cost, List<CounterState> states) {
  /** The largest cost one charge may have. */
  public static final long MAX_COST = 1_000_000_000L;

  public Charge {
    states = List.copyOf(states);
  }

  /** An admitted charge of nothing: there were no counters. */
  public static Charge none(String workspaceId, long cost) {
    return new Charge(workspaceId, true, cost, List.of());
  }

  /** The first counter that denied the charge; empty when it was admitted. */
  public Optional<CounterState> denied() {
    return states.stream().filter(CounterState::exceeded).findFirst();
  }

  /** The counter with the least remaining (the first of equals): what RateLimit headers show. */
  public Optional<CounterState> tightest() {
    return states.stream().min(Comparator.comparingLong(CounterState::remaining));
  }
}
