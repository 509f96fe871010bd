package dev.latchkey.core.store;

import dev.latchkey.api.AuditEvent;

/**
 * An audit event as stored, with the store's own order ({@code seq}), which a walk of the chain
 * resumes from: two rows claiming one position (a tampered table) are both seen.
 */
public record AuditLink(long seq, AuditEvent event) {}
