package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.api.Service;
import dev.latchkey.core.store.Store;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Service ids by name, for verification requests that name the service. Evicted whole on any
 * service change (services are few and rarely change); as in {@link CredentialCache}, a generation
 * makes sure a lookup that read the store before such an eviction is not served after it.
 */
final class ServiceNames {
  private record Name(String workspaceId, String name) {}

  private record Found(Optional<String> id, long generation) {}

  private final Cache<Name, Found> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
  private final AtomicLong generation = new AtomicLong();
  private final Store store;

  ServiceNames(Store store) {
    this.store = store;
  }

  Optional<String> idOf(String workspaceId, String name) {
    Name key = new Name(workspaceId, name);
    Found found = cache.get(key, this::load);
    if (found.generation() != generation.get()) {
      found = cache.asMap().compute(key, (k, old) -> load(k));
    }
    return found.id();
  }

  private Found load(Name key) {
    long startedIn = generation.get();
    Optional<String> id =
        store.read(tx -> tx.services().findByName(key.workspaceId(), key.name())).map(Service::id);
    return new Found(id, startedIn);
  }

  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }
}
