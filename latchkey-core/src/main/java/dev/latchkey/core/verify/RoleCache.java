package dev.latchkey.core.verify;

import dev.latchkey.api.Role;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.condition.Condition;
import dev.latchkey.core.store.Store;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Roles by id, compiled, in front of the store (a {@link WorkspaceCache}): evicted per role by the
 * change feed; while the feed is not being read, every lookup reads the store.
 */
final class RoleCache {
  /** A role as verification uses it. */
  record CompiledRole(String id, List<Grant> grants, Optional<Condition> condition) {}

  private final WorkspaceCache<Optional<CompiledRole>> cache;
  private final StoredConditions conditions;

  RoleCache(Store store, StoredConditions conditions, long maximumSize) {
    this.conditions = conditions;
    this.cache =
        new WorkspaceCache<>(
            maximumSize,
            (workspaceId, id) ->
                store.read(tx -> tx.roles().find(workspaceId, id)).map(this::compile));
  }

  /** The role {@code id} of {@code workspaceId}; empty if there is none. */
  Optional<CompiledRole> get(String workspaceId, String id) {
    return cache.get(workspaceId, id);
  }

  private CompiledRole compile(Role role) {
    return new CompiledRole(
        role.id(),
        Grants.parseStored(role.permissions()),
        Optional.ofNullable(role.condition()).map(conditions::compile));
  }

  void trustWhile(BooleanSupplier fresh) {
    cache.trustWhile(fresh);
  }

  /** Forgets the roles {@code ids} of {@code workspaceId}. */
  void evict(String workspaceId, Collection<String> ids) {
    cache.evict(workspaceId, ids);
  }

  void evictAll() {
    cache.evictAll();
  }
}
