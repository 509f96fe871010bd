package dev.latchkey.client;

import dev.latchkey.api.CheckRateLimit;
import dev.latchkey.api.RateLimitResult;

/**
 * Standalone rate limits, not tied to a key ({@code /v1/ratelimits:check}): login attempts per
 * user, sign-ups per address. Thread-safe. Every method throws a {@link LatchkeyException} when the
 * call fails.
 */
public interface RateLimitsApi {

  /**
   * Spends {@code body.cost()} (default 1) of {@code body.limit()} per {@code body.period()} for
   * one identifier of a namespace ({@code ratelimits.check}). A result that is not {@code allowed}
   * spent nothing.
   *
   * @throws InvalidRequestException naming each bad field
   */
  RateLimitResult check(CheckRateLimit body);
}
