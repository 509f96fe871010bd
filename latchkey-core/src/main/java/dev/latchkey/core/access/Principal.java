package dev.latchkey.core.access;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An authenticated root key: the workspace it acts in, what it may do, on which services, which key
 * grants it may hand out, and until when. Immutable.
 *
 * @param rootKeyId the root key's id, the actor recorded in audit events; null for the system
 * @param services the services it may act on
 * @param keyPermissions key grants it may give to keys and roles; {@code *} among {@code
 *     permissions} allows every grant
 * @param expiresAt when the root key expires; what it creates may not outlive it
 */
public record Principal(
    String workspaceId,
    String rootKeyId,
    Set<Permission> permissions,
    ServiceScope services,
    List<Grant> keyPermissions,
    Optional<Instant> expiresAt) {

  public Principal {
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
    keyPermissions = List.copyOf(keyPermissions);
  }

  /** A principal of every service that may give no key grants (unless it holds {@code *}). */
  public static Principal of(
      String workspaceId, String rootKeyId, Set<Permission> permissions, Optional<Instant> until) {
    return new Principal(workspaceId, rootKeyId, permissions, ServiceScope.all(), List.of(), until);
  }

  /** The system itself (bootstrap): every permission, no expiry, no root key. */
  public static Principal system(String workspaceId) {
    return of(workspaceId, null, EnumSet.of(Permission.ALL), Optional.empty());
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

  /** Whether {@code serviceId} is within this principal's service scope. */
  public boolean inScope(String serviceId) {
    return services.includes(serviceId);
  }

  /** Whether this principal may give {@code grant} to a key or role. */
  public boolean mayGrant(Grant grant) {
    if (permissions.contains(Permission.ALL)) {
      return true;
    }
    for (Grant held : keyPermissions) {
      if (held.covers(grant)) {
        return true;
      }
    }
    return false;
  }

  /** The grants of {@code wanted} this principal may not give; empty when it may give them all. */
  public List<Grant> ungrantable(Collection<Grant> wanted) {
    return wanted.stream().filter(g -> !mayGrant(g)).toList();
  }
}
