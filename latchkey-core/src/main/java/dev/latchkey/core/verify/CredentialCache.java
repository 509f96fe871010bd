package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.ServiceScope;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.Store;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Credentials by digest, positive and negative, in front of the store.
 *
 * <p>One cache holds both, each entry living for the positive TTL after its write; a negative entry
 * also records when it was written and is reloaded once older than the negative TTL. A fixed write
 * expiry is markedly cheaper per read than Caffeine's variable expiry, and the verification path
 * reads far more often than it loads (measured in {@code VerifyBenchmark}).
 *
 * <p>Maintenance (eviction, expiry) runs on the threads that use the cache, amortised over reads:
 * handing it to a pool thread cost more in wake-ups than the work itself.
 *
 * <p>Loads run inside Caffeine's atomic compute, so an eviction that arrives while a load is
 * reading the store waits for it and then removes what it loaded: a mutation that committed before
 * its eviction can never be undone by a concurrent load caching the older state.
 *
 * <p>A whole-cache eviction ({@link #evictAll}) cannot wait for loads in flight that way, so it
 * moves a generation instead: every entry remembers the generation its load started in, and an
 * entry of an older generation is never served, only reloaded. A load that read the store before
 * the eviction and finished after it is thus dropped, not trusted.
 */
final class CredentialCache {
  /**
   * A cached lookup: the credential, or its absence as seen at {@code loadedAtNanos}; for a key,
   * its access compiled ({@code plan}, else null); for a root key, the principal it authenticates
   * as ({@code principal}, else null), built once rather than on every request.
   */
  record Entry(
      Optional<Credential> credential,
      AccessPlan plan,
      Principal principal,
      long loadedAtNanos,
      long generation) {}

  private final Cache<Digest, Entry> cache;
  private final Store store;
  private final StoredConditions conditions;
  private final long negativeTtlNanos;
  private volatile java.util.function.BooleanSupplier trusted = () -> true;
  private final AtomicLong generation = new AtomicLong();
  // Counted here rather than by Caffeine's stats, which miss the reloads done through compute.
  private final java.util.concurrent.atomic.LongAdder lookups =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder loads =
      new java.util.concurrent.atomic.LongAdder();

  CredentialCache(Store store, CacheSettings settings, StoredConditions conditions) {
    this.store = store;
    this.conditions = conditions;
    this.negativeTtlNanos = settings.negativeTtl().toNanos();
    this.cache =
        Caffeine.newBuilder()
            .executor(Runnable::run)
            .maximumSize(settings.maximumSize())
            .expireAfterWrite(settings.positiveTtl())
            .build();
  }

  Entry get(Digest digest) {
    lookups.increment();
    if (!trusted.getAsBoolean()) {
      // The feed that would tell us of revocations is not being read: ask the store every time.
      return cache.asMap().compute(digest, (d, old) -> load(d));
    }
    Entry entry = cache.get(digest, this::load);
    if (entry.generation() != generation.get()
        || (entry.credential().isEmpty()
            && System.nanoTime() - entry.loadedAtNanos() > negativeTtlNanos)) {
      entry = cache.asMap().compute(digest, (d, old) -> load(d));
    }
    return entry;
  }

  private Entry load(Digest digest) {
    loads.increment();
    long startedIn = generation.get();
    Optional<Credential> found = store.findCredential(digest);
    AccessPlan plan =
        found.isPresent() && found.get() instanceof Credential.OfKey(KeyRow key, Instant retires)
            ? AccessPlan.of(key, conditions)
            : null;
    Principal principal =
        found.isPresent() && found.get() instanceof Credential.OfRootKey(RootKeyRow root, Instant r)
            ? principalOf(root)
            : null;
    return new Entry(found, plan, principal, System.nanoTime(), startedIn);
  }

  /** What a root key may do, as its row says. */
  private static Principal principalOf(RootKeyRow root) {
    Set<Permission> permissions = EnumSet.noneOf(Permission.class);
    for (String name : root.permissions()) {
      Permission.ofWireName(name).ifPresent(permissions::add);
    }
    return new Principal(
        root.workspaceId(),
        root.id(),
        permissions,
        ServiceScope.fromStored(root.services()),
        Grants.parseStored(root.keyPermissions()),
        Optional.ofNullable(root.expiresAt()));
  }

  CacheStats stats() {
    return new CacheStats(lookups.sum(), loads.sum(), cache.estimatedSize());
  }

  void trustWhile(java.util.function.BooleanSupplier fresh) {
    this.trusted = fresh;
  }

  void evictAll() {
    generation.incrementAndGet();
    cache.invalidateAll();
  }

  void evict(Collection<Digest> digests) {
    cache.invalidateAll(digests);
  }
}
