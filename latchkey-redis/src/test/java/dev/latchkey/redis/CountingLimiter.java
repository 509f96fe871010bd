package dev.latchkey.redis;

import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.Limiter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real limiter that counts the charges it was asked for: how often a failover tried it. */
final class CountingLimiter implements Limiter {
  private final Limiter limiter;
  final AtomicInteger charges = new AtomicInteger();

  CountingLimiter(Limiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Charge charge(String workspaceId, List<Counter> counters, long cost) {
    charges.incrementAndGet();
    return limiter.charge(workspaceId, counters, cost);
  }

  @Override
  public void refund(Charge charge) {
    limiter.refund(charge);
  }

  @Override
  public void close() {
    limiter.close();
  }
}
