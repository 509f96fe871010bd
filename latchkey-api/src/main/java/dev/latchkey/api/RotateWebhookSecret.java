package dev.latchkey.api;

/**
 * Body of {@code POST /v1/webhooks/{id}:rotate-secret}.
 *
 * @param gracePeriod how long the previous secret keeps signing too (ISO-8601, default PT24H)
 */
public record RotateWebhookSecret(String gracePeriod) {}
