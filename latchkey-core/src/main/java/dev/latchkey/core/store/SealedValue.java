package dev.latchkey.core.store;

import java.util.Objects;

/**
 * A sealed value as a row holds it. Its text form shows the row only: a value from before sealing
 * ({@code plain:}) is readable.
 *
 * @param id the row's id
 * @param stored the column's text
 */
public record SealedValue(String id, String stored) {
  public SealedValue {
    Objects.requireNonNull(id);
    Objects.requireNonNull(stored);
  }

  @Override
  public String toString() {
    return "SealedValue[id=" + id + ", stored=<redacted>]";
  }
}
