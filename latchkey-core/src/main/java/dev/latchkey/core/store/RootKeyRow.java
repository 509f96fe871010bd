package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;

/** A root key as stored: everything but its secret. {@code start} is its display form. */
public record RootKeyRow(
    String id,
    String workspaceId,
    String name,
    String start,
    List<String> permissions,
    Instant expiresAt,
    Instant createdAt,
    Instant revokedAt,
    String revokeReason) {

  public RootKeyRow {
    permissions = List.copyOf(permissions);
  }
}
