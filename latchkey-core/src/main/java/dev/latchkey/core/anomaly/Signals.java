package dev.latchkey.core.anomaly;

import java.time.Instant;
import java.util.Map;

/** Where rules raise what they notice (the alert store's non-blocking {@code raise}). */
@FunctionalInterface
public interface Signals {
  /**
   * @param subjectType {@code key} or {@code address}
   * @param dedupKey occurrences with the same rule and key are one alert while it is open
   * @param details what the rule saw; never a secret
   */
  void raise(
      String workspaceId,
      String rule,
      String severity,
      String subjectType,
      String subjectId,
      String dedupKey,
      Map<String, Object> details,
      Instant at);
}
