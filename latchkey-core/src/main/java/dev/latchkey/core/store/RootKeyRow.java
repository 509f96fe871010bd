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

  /** This root key revoked at {@code at}. */
  public RootKeyRow revoked(Instant at, String reason) {
    return new RootKeyRow(
        id, workspaceId, name, start, permissions, expiresAt, createdAt, at, reason);
  }

  /** Whether it holds {@code *}. */
  public boolean holdsAll() {
    return permissions.contains("*");
  }

  public RootKeyRow {
    permissions = List.copyOf(permissions);
  }
}
