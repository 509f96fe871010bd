package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;

/**
 * A one-time link.
 *
 * @param tokenDigest SHA-256 of the link's token; the token itself is never stored
 * @param sealedSecret the key's secret sealed by the server's Sealer until the first fetch; null
 *     after it, or once the link expired
 * @param fetchedAt when it was fetched; null before
 * @param fetchedFrom the address that fetched it; null before
 */
public record OneTimeLinkRow(
    String id,
    String workspaceId,
    String keyId,
    Digest tokenDigest,
    String sealedSecret,
    Instant expiresAt,
    Instant createdAt,
    Instant fetchedAt,
    String fetchedFrom) {
  @Override
  public String toString() {
    return "OneTimeLinkRow[id=" + id + ", key=" + keyId + ", secret=<redacted>]";
  }
}
