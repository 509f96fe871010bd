package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;

/**
 * Something a detection rule noticed, deduplicated: while it is open, further occurrences with the
 * same rule and dedup key raise {@code count} and move {@code lastSeenAt}. Never holds a secret.
 *
 * @param rule the rule that raised it ({@code revoked_secret_presented}, …)
 * @param severity {@code info}, {@code warning} or {@code critical}
 * @param subject what it is about: a key, a consumer, a client address
 * @param dedupKey what makes two occurrences the same alert
 * @param status {@code open} or {@code acknowledged}
 * @param acknowledgedBy the root key id that acknowledged it, when acknowledged
 */
public record Alert(
    String id,
    String rule,
    String severity,
    Subject subject,
    String dedupKey,
    Map<String, Object> details,
    long count,
    String status,
    Instant firstSeenAt,
    Instant lastSeenAt,
    Instant acknowledgedAt,
    String acknowledgedBy) {

  /**
   * What an alert is about: {@code type} ({@code key}, {@code consumer}, {@code address}) and id.
   */
  public record Subject(String type, String id) {}
}
