package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.api.Service;
import dev.latchkey.core.store.Store;
import java.time.Duration;
import java.util.Optional;

/**
 * Service ids by name, for verification requests that name the service. Evicted whole on any
 * service change (services are few and rarely change).
 */
final class ServiceNames {
  private record Name(String workspaceId, String name) {}

  private final Cache<Name, Optional<String>> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofMinutes(5)).build();
  private final Store store;

  ServiceNames(Store store) {
    this.store = store;
  }

  Optional<String> idOf(String workspaceId, String name) {
    return cache.get(
        new Name(workspaceId, name),
        n -> store.read(tx -> tx.services().findByName(workspaceId, name)).map(Service::id));
  }

  void evictAll() {
    cache.invalidateAll();
  }
}
