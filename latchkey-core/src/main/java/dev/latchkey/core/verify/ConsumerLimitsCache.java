package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.store.Store;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Consumers' usage limits (shared by all their keys) in front of the store, evicted per consumer by
 * the change feed with the same atomicity as {@link RoleCache}. While the feed is not being read,
 * every lookup reads the store. A consumer that does not exist has no limits.
 */
final class ConsumerLimitsCache {
  private record ConsumerKey(String workspaceId, String id) {}

  private record Found(Limits limits, long generation) {}

  private final Cache<ConsumerKey, Found> cache;
  private final AtomicLong generation = new AtomicLong();
  private final Store store;
  private volatile BooleanSupplier trusted = () -> true;

  ConsumerLimitsCache(Store store, long maximumSize) {
    this.store = store;
    this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize).build();
  }

  /** The limits of consumer {@code id} of {@code workspaceId}. */
  Limits get(String workspaceId, String id) {
    ConsumerKey key = new ConsumerKey(workspaceId, id);
    if (!trusted.getAsBoolean()) {
      return cache.asMap().compute(key, (k, old) -> load(k)).limits();
    }
    Found found = cache.get(key, this::load);
    if (found.generation() != generation.get()) {
      found = cache.asMap().compute(key, (k, old) -> load(k));
    }
    return found.limits();
  }

  private Found load(ConsumerKey key) {
    long startedIn = generation.get();
    Limits limits =
        store.read(tx -> tx.consumers().limitsOf(key.workspaceId(), key.id())).orElse(Limits.NONE);
    return new Found(limits, startedIn);
  }

  void trustWhile(BooleanSupplier fresh) {
    this.trusted = fresh;
  }

  /** Forgets the consumers {@code ids} of {@code workspaceId}. */
  void evict(String workspaceId, Collection<String> ids) {
    cache.invalidateAll(ids.stream().map(id -> new ConsumerKey(workspaceId, id)).toList());
  }

  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }
}
