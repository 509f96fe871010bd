package dev.latchkey.core.verify;

import dev.latchkey.api.RateLimitState;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.CounterState;
import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The usage steps of verification, last of all: the rate limits, then the credits, of the key and
 * of its consumer. A key's limit overrides its consumer's of the same name; credits are taken from
 * both balances when both have one, under the refill policies stored with the balances. All or
 * nothing: rate limits are charged together, and given back if the credits then deny (or cannot be
 * reached), so a denied request spends nothing. Thread-safe.
 */
final class Metering {
  /** The outcome; {@code rateLimit} and {@code creditsRemaining} are null when none applied. */
  record Outcome(VerifyCode code, RateLimitState rateLimit, Long creditsRemaining) {
    static final Outcome UNLIMITED = new Outcome(VerifyCode.VALID, null, null);
  }

  private final Limiter limiter;
  private final Store store;
  private final WorkspaceCache<Limits> consumers;
  private final Clock clock;

  Metering(Limiter limiter, Store store, WorkspaceCache<Limits> consumers, Clock clock) {
    this.limiter = limiter;
    this.store = store;
    this.consumers = consumers;
    this.clock = clock;
  }

  Outcome meter(KeyRow key, Check check) {
    Limits own = key.limits();
    Limits shared =
        key.consumerId() == null ? Limits.NONE : consumers.get(key.workspaceId(), key.consumerId());
    if (own.isEmpty() && shared.isEmpty()) {
      return Outcome.UNLIMITED;
    }
    List<Counter> counters = counters(key, own, shared, check);
    Charge charge =
        counters.isEmpty()
            ? Charge.none(key.workspaceId(), check.cost())
            : limiter.charge(key.workspaceId(), counters, check.cost());
    if (!charge.admitted()) {
      return new Outcome(VerifyCode.RATE_LIMITED, state(charge.denied().orElseThrow()), null);
    }
    RateLimitState rate = charge.tightest().map(Metering::state).orElse(null);
    List<String> owners = creditOwners(key, own, shared);
    if (owners.isEmpty()) {
      return new Outcome(VerifyCode.VALID, rate, null);
    }
    CreditSpend spend;
    try {
      spend = store.spendCredits(key.workspaceId(), owners, check.cost(), clock.instant());
    } catch (RuntimeException e) {
      limiter.refund(charge);
      throw e;
    }
    OptionalLong smallest = spend.smallestRemaining();
    Long least = smallest.isPresent() ? smallest.getAsLong() : null;
    if (!spend.admitted()) {
      limiter.refund(charge);
      return new Outcome(VerifyCode.USAGE_EXCEEDED, refunded(rate, check.cost()), least);
    }
    return new Outcome(VerifyCode.VALID, rate, least);
  }

  private static List<Counter> counters(KeyRow key, Limits own, Limits shared, Check check) {
    List<Counter> counters = new ArrayList<>(own.rates().size() + shared.rates().size());
    Set<String> overridden = new HashSet<>();
    for (LimitRule rule : own.rates()) {
      overridden.add(rule.name());
      if (check.applies(rule.name())) {
        counters.add(new Counter(key.id(), rule));
      }
    }
    for (LimitRule rule : shared.rates()) {
      if (!overridden.contains(rule.name()) && check.applies(rule.name())) {
        counters.add(new Counter(key.consumerId(), rule));
      }
    }
    return counters;
  }

  /**
   * The owners whose balances the store is asked to spend: none when neither the cached key nor its
   * cached consumer has credits (no store write for a key without), else the key and its consumer
   * both. The store spends those that hold a balance now, each under the refill policy stored with
   * it; so the cached policies only decide whether to ask, and a balance given or changed since
   * they were cached is still spent as stored. (A key without credits whose consumer is cached
   * without credits is not charged until the change feed evicts them.)
   */
  private static List<String> creditOwners(KeyRow key, Limits own, Limits shared) {
    if (own.credits() == null && shared.credits() == null) {
      return List.of();
    }
    return key.consumerId() == null ? List.of(key.id()) : List.of(key.id(), key.consumerId());
  }

  /** The rate limit as the refund of {@code cost} left it: nothing of this request is spent. */
  private static RateLimitState refunded(RateLimitState rate, long cost) {
    if (rate == null) {
      return null;
    }
    long remaining = Math.min(rate.limit(), rate.remaining() + cost);
    return new RateLimitState(rate.name(), rate.limit(), remaining, rate.reset());
  }

  private static RateLimitState state(CounterState state) {
    LimitRule rule = state.counter().rule();
    return new RateLimitState(rule.name(), rule.limit(), state.remaining(), state.reset());
  }
}
