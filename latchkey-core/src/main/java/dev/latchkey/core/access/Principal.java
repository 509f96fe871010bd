package dev.latchkey.core.access;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated root key: the workspace it acts in, what it may do, and until when. Immutable.
 *
 * @param rootKeyId the root key's id, the actor recorded in audit events; null for the system
 * @param expiresAt when the root key expires; what it creates may not outlive it
 */
public record Principal(
    String workspaceId,
    String rootKeyId,
    Set<Permission> permissions,
    Optional<Instant> expiresAt) {

  public Principal {
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
  }

  /** The system itself (bootstrap): every permission, no expiry, no root key. */
  public static Principal system(String workspaceId) {
    return new Principal(workspaceId, null, EnumSet.of(Permission.ALL), Optional.empty());
  }

  /** Whether this principal holds {@code permission}, directly or through {@code *}. */
  public boolean holds(Permission permission) {
    return permissions.contains(Permission.ALL) || permissions.contains(permission);
  }

  /** Whether every permission of {@code wanted} is held, so that it may be granted. */
  public boolean holdsAll(Set<Permission> wanted) {
    if (permissions.contains(Permission.ALL)) {
      return true;
    }
    return !wanted.contains(Permission.ALL) && permissions.containsAll(wanted);
  }
}
