package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/**
 * One alert event to deliver to one webhook, and its delivery log. Its {@code id} is the event id
 * sent as {@code Latchkey-Event-Id}, the same on every attempt.
 *
 * @param status {@code pending}, {@code delivered} or {@code dead} (attempts exhausted)
 * @param nextAttemptAt when a pending delivery is next tried
 * @param log the attempts, oldest first
 */
public record WebhookDelivery(
    String id,
    String webhookId,
    String alertId,
    String eventType,
    String status,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt,
    List<Attempt> log) {

  /**
   * One attempt.
   *
   * @param address the IP address connected to
   * @param statusCode the receiver's HTTP status, absent when none was read
   * @param error what went wrong, as a class ({@code timeout}, {@code refused_address}, {@code
   *     redirect}, {@code http_status}, {@code connect}, {@code io}); absent on success
   * @param responseSnippet the first bytes of the response body, at most 256 characters
   */
  public record Attempt(
      int attempt,
      Instant startedAt,
      long durationMs,
      String address,
      Integer statusCode,
      String error,
      String responseSnippet) {}
}
