package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit events to list. Empty components match everything; present ones must all match.
 *
 * @param action an exact action ({@code key.created})
 * @param actionPrefix the start of an action ({@code key.} for every key action)
 * @param since events at or after this time
 * @param until events before this time
 */
public record AuditFilter(
    Optional<String> actorType,
    Optional<String> actorId,
    Optional<String> action,
    Optional<String> actionPrefix,
    Optional<String> targetType,
    Optional<String> targetId,
    Optional<Instant> since,
    Optional<Instant> until) {

  /** Matches every event. */
  public static final AuditFilter ALL =
      new AuditFilter(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
}
