package dev.latchkey.core.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A stored sink.
 *
 * @param settings the driver's plain settings
 * @param sealedCredentials the credentials as JSON sealed by the server's Sealer; null when none
 */
public record SinkRow(
    String id,
    String workspaceId,
    String name,
    String type,
    Map<String, String> settings,
    String sealedCredentials,
    Instant createdAt,
    Instant updatedAt) {
  public SinkRow {
    settings = Map.copyOf(settings);
  }

  /** The sealed credentials, when the sink has any. */
  public Optional<String> credentials() {
    return Optional.ofNullable(sealedCredentials);
  }

  @Override
  public String toString() {
    return "SinkRow[id=" + id + ", type=" + type + ", credentials=<redacted>]";
  }
}
