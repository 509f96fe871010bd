package dev.latchkey.api;

import java.time.Instant;

/**
 * Response of {@code POST /v1/ratelimits:check}.
 *
 * @param allowed whether the request may proceed; when false nothing was spent
 * @param remaining units left in the current window
 * @param reset when the current window ends
 */
public record RateLimitResult(boolean allowed, long limit, long remaining, Instant reset) {}
