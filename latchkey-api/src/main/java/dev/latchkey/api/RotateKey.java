package dev.latchkey.api;

/**
 * Body of {@code POST /v1/keys/{id}:rotate}.
 *
 * @param gracePeriod ISO-8601 duration (0 to 30 days, default {@code PT24H}) during which the
 *     previous secret still verifies
 */
public record RotateKey(String gracePeriod) {}
