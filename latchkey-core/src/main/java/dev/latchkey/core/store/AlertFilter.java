package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Optional;

/**
 * Which alerts to list.
 *
 * @param open true for open alerts only, false for acknowledged only, empty for both
 * @param since alerts last seen at or after this instant
 */
@SuppressWarnings("OptionalUsedAsFieldOrParameterType")
public record AlertFilter(Optional<Boolean> open, Optional<String> rule, Optional<Instant> since) {
  public static final AlertFilter ALL =
      new AlertFilter(Optional.empty(), Optional.empty(), Optional.empty());
}
