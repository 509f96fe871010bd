package dev.latchkey.api;

/**
 * Body of {@code POST /v1/ratelimits:check}: a limit not tied to a key, counted per {@code
 * identifier} within a {@code namespace} of the caller's workspace.
 *
 * @param namespace what is limited, e.g. {@code login-attempts}
 * @param identifier who is counted, e.g. a user id or a client address
 * @param limit units allowed per window
 * @param period ISO-8601 duration, whole seconds from {@code PT1S} to {@code P1D}
 * @param cost units this request spends (default 1; 0 only reads)
 */
public record CheckRateLimit(
    String namespace, String identifier, Long limit, String period, Long cost) {}
