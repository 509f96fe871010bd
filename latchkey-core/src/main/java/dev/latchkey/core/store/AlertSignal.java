package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One occurrence of what a rule noticed, as raised: the input of deduplication. Never holds a
 * secret.
 */
public record AlertSignal(
    String workspaceId,
    String rule,
    String severity,
    String subjectType,
    String subjectId,
    String dedupKey,
    Map<String, Object> details,
    Instant at) {
  public AlertSignal {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(subjectType, "subjectType");
    Objects.requireNonNull(subjectId, "subjectId");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(at, "at");
    details =
        details == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
  }
}
