package dev.latchkey.api;

import java.time.Instant;

/**
 * One event of {@code GET /v1/events}: an object of the caller's workspace changed. Carries ids and
 * kinds, never secrets; a verifier evicts what it cached for {@code id}.
 *
 * @param seq the event's place in the feed, also its SSE {@code id} (resume with Last-Event-ID)
 * @param type {@code key}, {@code root_key}, {@code service}, {@code consumer}, {@code role} or
 *     {@code workspace}
 * @param kind {@code created}, {@code updated}, {@code rotated} or {@code revoked}
 */
public record ChangeEvent(long seq, String type, String id, String kind, Instant at) {}
