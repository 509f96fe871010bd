package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;

/**
 * What verification needs of a workspace's objects (roles, consumers' limits) by id, in front of
 * the store; evicted per object by the change feed. An eviction waits for a load of that object in
 * flight, and {@link #evictAll} moves a generation so that a load that started before it is loaded
 * again (as {@link CredentialCache} does). While the feed is not being read, every lookup reads the
 * store. Thread-safe.
 *
 * @param <V> what is kept of one object, including its absence
 */
final class WorkspaceCache<V> {
  /** Ids are unique across workspaces, but an object is only ever looked up in its own. */
  private record Key(String workspaceId, String id) {}

  private record Found<V>(V value, long generation) {}

  private final Cache<Key, Found<V>> cache;
  private final AtomicLong generation = new AtomicLong();
  private final BiFunction<String, String, V> load;
  private volatile BooleanSupplier trusted = () -> true;

  /**
   * @param load reads object {@code id} of workspace {@code workspaceId} from the store
   */
  WorkspaceCache(long maximumSize, BiFunction<String, String, V> load) {
    this.load = load;
    this.cache = Caffeine.newBuilder().executor(Runnable::run).maximumSize(maximumSize).build();
  }

  V get(String workspaceId, String id) {
    Key key = new Key(workspaceId, id);
    if (!trusted.getAsBoolean()) {
      return cache.asMap().compute(key, (k, old) -> load(k)).value();
    }
    Found<V> found = cache.get(key, this::load);
    if (found.generation() != generation.get()) {
      found = cache.asMap().compute(key, (k, old) -> load(k));
    }
    return found.value();
  }

  private Found<V> load(Key key) {
    long startedIn = generation.get();
    return new Found<>(load.apply(key.workspaceId(), key.id()), startedIn);
  }

  void trustWhile(BooleanSupplier fresh) {
    this.trusted = fresh;
  }

  /** Forgets the objects {@code ids} of {@code workspaceId}. */
  void evict(String workspaceId, Collection<String> ids) {
    cache.invalidateAll(ids.stream().map(id -> new Key(workspaceId, id)).toList());
  }

  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }
}
