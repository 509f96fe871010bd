package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/**
 * An endpoint alerts are delivered to, signed with its signing secret (never shown again after
 * creation or rotation).
 *
 * @param rules the rules whose alerts it receives; empty for all
 * @param previousSecretExpiresAt while a rotated-out secret still signs too, until when
 */
public record Webhook(
    String id,
    String url,
    String description,
    List<String> rules,
    boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    Instant previousSecretExpiresAt) {}
