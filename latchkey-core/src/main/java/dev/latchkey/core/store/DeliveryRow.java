package dev.latchkey.core.store;

import java.time.Instant;

/**
 * One event to deliver to one webhook.
 *
 * @param payload the exact body to send, fixed when the delivery was made, so that every attempt
 *     signs and sends the same bytes
 * @param status {@code pending}, {@code delivered} or {@code dead}
 */
public record DeliveryRow(
    String id,
    String workspaceId,
    String webhookId,
    String alertId,
    String eventType,
    String payload,
    String status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt) {
  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String DEAD = "dead";
}
