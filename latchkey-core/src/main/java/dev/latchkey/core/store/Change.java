package dev.latchkey.core.store;

import java.time.Instant;

/**
 * A change record: what a mutation touched, so that caches and followers can evict it. Carries ids
 * and kinds, never secrets.
 *
 * @param entityType {@code key}, {@code root_key}, {@code service}, {@code consumer}
 * @param kind {@code created}, {@code updated}, {@code rotated}, {@code revoked}
 */
public record Change(
    String workspaceId, String entityType, String entityId, String kind, Instant at) {}
