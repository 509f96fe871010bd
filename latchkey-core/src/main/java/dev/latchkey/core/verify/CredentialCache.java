package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.Store;
import java.util.Collection;
import java.util.Optional;

/**
 * Credentials by digest, positive and negative, in front of the store.
 *
 * <p>Loads run inside Caffeine's atomic compute, so an eviction that arrives while a load is
 * reading the store waits for it and then removes what it loaded: a mutation that committed before
 * its eviction can never be undone by a concurrent load caching the older state.
 */
final class CredentialCache {
  private final Cache<Digest, Optional<Credential>> cache;
  private final Store store;

  CredentialCache(Store store, CacheSettings settings) {
    this.store = store;
    long positive = settings.positiveTtl().toNanos();
    long negative = settings.negativeTtl().toNanos();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(settings.maximumSize())
            .expireAfter(
                new Expiry<Digest, Optional<Credential>>() {
                  @Override
                  public long expireAfterCreate(Digest k, Optional<Credential> v, long now) {
                    return v.isPresent() ? positive : negative;
                  }

                  @Override
                  public long expireAfterUpdate(
                      Digest k, Optional<Credential> v, long now, long current) {
                    return expireAfterCreate(k, v, now);
                  }

                  @Override
                  public long expireAfterRead(
                      Digest k, Optional<Credential> v, long now, long current) {
                    return current;
                  }
                })
            .build();
  }

  Optional<Credential> get(Digest digest) {
    return cache.get(digest, store::findCredential);
  }

  void evict(Collection<Digest> digests) {
    cache.invalidateAll(digests);
  }

  void evictAll() {
    cache.invalidateAll();
  }
}
