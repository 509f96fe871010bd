package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When key {@code keyId} was last verified, and from which client address (an IP literal), when one
 * was known.
 */
public record KeyLastUse(String workspaceId, String keyId, Instant at, Optional<String> address) {
  public KeyLastUse {
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(address, "address");
  }
}
