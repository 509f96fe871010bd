package dev.latchkey.core.limit;

import java.time.Clock;

/** The limiter contract in memory. */
class LocalLimiterContractTest extends LimiterContract {
  @Override
  protected Limiter newLimiter(Clock clock) {
    return LocalLimiter.create(clock);
  }
}
