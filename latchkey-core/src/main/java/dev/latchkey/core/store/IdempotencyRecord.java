package dev.latchkey.core.store;

import java.time.Instant;

/**
 * The first response to a request that carried an {@code Idempotency-Key}.
 *
 * @param scope who may replay it: the root key that made the request
 * @param fingerprint digest of method, path and body of the first request
 * @param sealedResponse the response body, encrypted under a key the store never sees
 */
public record IdempotencyRecord(
    String workspaceId,
    String scope,
    String idempotencyKey,
    byte[] fingerprint,
    int status,
    byte[] sealedResponse,
    Instant createdAt) {}
