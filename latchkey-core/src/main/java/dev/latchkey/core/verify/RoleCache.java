package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.api.Role;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.condition.Condition;
import dev.latchkey.core.store.Store;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Roles by id, compiled, in front of the store. Evicted per role by the change feed, with the same
 * atomicity as {@link CredentialCache}: an eviction waits for a load of that role in flight. While
 * the feed is not being read, every lookup reads the store.
 */
final class RoleCache {
  /** A role as verification uses it. */
  record CompiledRole(String id, List<Grant> grants, Optional<Condition> condition) {}

  /** Role ids are unique across workspaces, but a role is only ever looked up in its own. */
  private record RoleKey(String workspaceId, String id) {}

  /** A lookup and the generation it started in (see {@link CredentialCache}). */
  private record Found(Optional<CompiledRole> role, long generation) {}

  private final Cache<RoleKey, Found> cache;
  private final AtomicLong generation = new AtomicLong();
  private final Store store;
  private final StoredConditions conditions;
  private volatile BooleanSupplier trusted = () -> true;

  RoleCache(Store store, StoredConditions conditions, long maximumSize) {
    this.store = store;
    this.conditions = conditions;
    this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize).build();
  }

  /** The role {@code id} of {@code workspaceId}; empty if there is none. */
  Optional<CompiledRole> get(String workspaceId, String id) {
    RoleKey key = new RoleKey(workspaceId, id);
    if (!trusted.getAsBoolean()) {
      return cache.asMap().compute(key, (k, old) -> load(k)).role();
    }
    Found found = cache.get(key, this::load);
    if (found.generation() != generation.get()) {
      found = cache.asMap().compute(key, (k, old) -> load(k));
    }
    return found.role();
  }

  private Found load(RoleKey key) {
    long startedIn = generation.get();
    Optional<CompiledRole> role =
        store.read(tx -> tx.roles().find(key.workspaceId(), key.id())).map(this::compile);
    return new Found(role, startedIn);
  }

  private CompiledRole compile(Role role) {
    return new CompiledRole(
        role.id(),
        Grants.parseStored(role.permissions()),
        Optional.ofNullable(role.condition()).map(conditions::compile));
  }

  void trustWhile(BooleanSupplier fresh) {
    this.trusted = fresh;
  }

  /** Forgets the roles {@code ids} of {@code workspaceId}. */
  void evict(String workspaceId, Collection<String> ids) {
    cache.invalidateAll(ids.stream().map(id -> new RoleKey(workspaceId, id)).toList());
  }

  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }
}
