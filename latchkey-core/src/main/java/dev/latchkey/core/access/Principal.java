package dev.latchkey.core.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * An authenticated root key: the workspace it acts in and what it may do. Immutable.
 *
 * @param rootKeyId the root key's id, the actor recorded in audit events
 */
public record Principal(String workspaceId, String rootKeyId, Set<Permission> permissions) {

  public Principal {
    permissions = permissions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(permissions));
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
