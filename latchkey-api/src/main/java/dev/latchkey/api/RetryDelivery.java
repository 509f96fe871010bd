package dev.latchkey.api;

/** Optional body of {@code POST /v1/webhooks/{id}/deliveries/{delivery}:retry}: no fields yet. */
public record RetryDelivery() {}
