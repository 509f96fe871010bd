package dev.latchkey.api;

import java.time.Instant;

/**
 * A rate limit as a verification left it.
 *
 * @param name the limit's name
 * @param limit units allowed per window
 * @param remaining units left in the current window
 * @param reset when the current window ends and the limit is whole again
 */
public record RateLimitState(String name, long limit, long remaining, Instant reset) {}
