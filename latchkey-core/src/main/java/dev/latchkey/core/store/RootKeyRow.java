package dev.latchkey.core.store;

import java.time.Instant;
import java.util.List;

/**
 * A root key as stored: everything but its secret. {@code start} is its display form.
 *
 * @param services the service ids it is confined to, or null for every service
 * @param keyPermissions key grants it may give to keys and roles
 */
public record RootKeyRow(
    String id,
    String workspaceId,
    String name,
    String start,
    List<String> permissions,
    Instant expiresAt,
    Instant createdAt,
    Instant revokedAt,
    String revokeReason,
    List<String> services,
    List<String> keyPermissions) {

  /** This root key revoked at {@code at}. */
  public RootKeyRow revoked(Instant at, String reason) {
    return new RootKeyRow(
        id,
        workspaceId,
        name,
        start,
        permissions,
        expiresAt,
        createdAt,
        at,
        reason,
        services,
        keyPermissions);
  }

  /** Whether it holds {@code *}. */
  public boolean holdsAll() {
    return permissions.contains("*");
  }

  public RootKeyRow {
    permissions = List.copyOf(permissions);
    services = services == null ? null : List.copyOf(services);
    keyPermissions = keyPermissions == null ? List.of() : List.copyOf(keyPermissions);
  }
}
