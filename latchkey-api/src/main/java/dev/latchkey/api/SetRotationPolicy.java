package dev.latchkey.api;

/**
 * Body of {@code PUT /v1/services/{id}/rotation-policy} and {@code PUT
 * /v1/keys/{id}/rotation-policy}; replaces the whole policy.
 *
 * @param maxAge ISO-8601 duration, at least PT1M; absent for none
 * @param rotateBeforeExpiry ISO-8601 duration, at least PT1M; absent for none (one of the two is
 *     required)
 * @param gracePeriod ISO-8601 duration, PT0S to P30D, shorter than {@code max_age}; default PT24H
 * @param sink a sink id ({@code snk_…}); absent for none
 */
public record SetRotationPolicy(
    String maxAge, String rotateBeforeExpiry, String gracePeriod, String sink) {}
