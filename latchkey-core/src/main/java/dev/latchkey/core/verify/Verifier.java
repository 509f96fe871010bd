package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.PermissionQuery;
import dev.latchkey.core.access.QuerySyntaxException;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.anomaly.AnomalyDetector;
import dev.latchkey.core.limit.Limiter;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.limit.LocalLimiter;
import dev.latchkey.core.secret.Digest;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.Credential;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.Store;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The hot path: checks a presented secret and returns a verdict, never a bare boolean.
 *
 * <p>Order: format and checksum (no lookup on failure), digest, cache, store, then the key's state,
 * expiry and service. Fails closed: a store failure propagates as an exception, never as VALID.
 *
 * <p>Thread-safe.
 */
public final class Verifier {
  private static final long QUERY_CACHE_SIZE = 10_000;
  private static final long ROLE_CACHE_SIZE = 10_000;
  private static final long CONSUMER_CACHE_SIZE = 100_000;

  private final CredentialCache cache;
  private final RoleCache roles;
  private final PreviousSecretTracker previousSecrets;
  private final AccessUsage accessUsage;
  private final UsageCounts usageCounts;
  private volatile AnomalyDetector anomalies;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Verifier.class);
  private final java.util.concurrent.atomic.AtomicLong anomalyFailures =
      new java.util.concurrent.atomic.AtomicLong();
  private final Authorizer authorizer;
  private final ServiceNames serviceNames;

  /** Consumers' usage limits, shared by all their keys; a consumer that does not exist has none. */
  private final WorkspaceCache<Limits> consumers;

  private final Metering metering;
  private final Cache<String, PermissionQuery> queries;
  private final Clock clock;
  private volatile java.util.function.LongSupplier feedPosition;
  private volatile VerificationListener listener;

  private Verifier(
      Store store, Clock clock, CacheSettings settings, Conditions conditions, Limiter limiter) {
    StoredConditions compiled = new StoredConditions(conditions);
    this.cache = new CredentialCache(store, settings, compiled);
    this.roles = new RoleCache(store, compiled, ROLE_CACHE_SIZE);
    this.previousSecrets = new PreviousSecretTracker(store);
    this.accessUsage = new AccessUsage(store, clock);
    this.usageCounts = new UsageCounts(store, clock);
    this.authorizer = new Authorizer(roles, accessUsage);
    this.serviceNames = new ServiceNames(store);
    this.consumers =
        new WorkspaceCache<>(
            CONSUMER_CACHE_SIZE,
            (workspaceId, id) ->
                store.read(tx -> tx.consumers().limitsOf(workspaceId, id)).orElse(Limits.NONE));
    this.metering = new Metering(limiter, store, consumers, clock);
    this.queries =
        Caffeine.newBuilder().executor(Runnable::run).maximumSize(QUERY_CACHE_SIZE).build();
    this.clock = clock;
  }

  /** A verifier of one node: rate limits counted in memory, on {@code clock}. */
  public static Verifier create(Store store, Clock clock, CacheSettings settings) {
    return create(store, clock, settings, Conditions.create(), LocalLimiter.create(clock));
  }

  /**
   * A verifier compiling key and role conditions with {@code conditions} and counting rate limits
   * in {@code limiter} (which the caller closes).
   */
  public static Verifier create(
      Store store, Clock clock, CacheSettings settings, Conditions conditions, Limiter limiter) {
    return new Verifier(store, clock, settings, conditions, limiter);
  }

  /** Verifies a service key presented to a caller of {@code workspaceId}, for any service. */
  public Verdict verify(String workspaceId, String presented) {
    return verify(workspaceId, Check.of(presented));
  }

  /**
   * Verifies a service key that must belong to {@code service}, an id ({@code svc_…}) or a name.
   *
   * @param workspaceId the caller's workspace; keys of other workspaces are {@code NOT_FOUND}
   */
  public Verdict verify(String workspaceId, String presented, String service) {
    return verify(workspaceId, Check.of(presented).forService(service));
  }

  /**
   * Runs {@code check} for a caller of {@code workspaceId}: format and checksum (no lookup on
   * failure), the key's state, expiry, service and the caller's scope, then its condition and the
   * permission query. A service name is resolved only once the key is found and live, so a
   * malformed or unknown key costs no lookup of it; a name no service has makes every key {@code
   * WRONG_SERVICE}. Keys of other workspaces, and of services outside the caller's scope, are
   * {@code NOT_FOUND}. Last, a request that passed everything else is charged to the key's and its
   * consumer's rate limits and credits ({@code RATE_LIMITED}, {@code USAGE_EXCEEDED}); a denied
   * request spends nothing.
   *
   * @throws dev.latchkey.core.store.StoreException when the store is needed and cannot answer
   */
  public Verdict verify(String workspaceId, Check check) {
    return verify(workspaceId, check, null);
  }

  /**
   * As {@link #verify(String, Check)}, handing a {@code VALID} key's direct grants as stored (its
   * roles' not included) to {@code directPermissions}: what a gateway passes upstream, from the
   * same lookup. Nothing is allocated for it when {@code directPermissions} is null.
   */
  public Verdict verify(String workspaceId, Check check, Consumer<List<String>> directPermissions) {
    VerificationListener observer = listener;
    long started = observer == null ? 0 : System.nanoTime();
    Verdict verdict;
    try {
      verdict = decide(workspaceId, check, directPermissions);
    } catch (RuntimeException e) {
      if (observer != null) {
        observer.failed(System.nanoTime() - started);
      }
      throw e;
    }
    // Counted by the verdict: it names a key only when the key is the caller's to see.
    long now = usageCounts.now();
    usageCounts.record(
        workspaceId,
        verdict.keyId(),
        verdict.service(),
        verdict.code(),
        check.clientAddress(),
        now);
    AnomalyDetector detector = anomalies;
    if (detector != null) {
      try {
        detector.observe(workspaceId, verdict, check.clientAddress(), now);
      } catch (RuntimeException e) {
        // The verdict stands; a rule that fails (a bug) must not turn it into an error. Logged at
        // the 1st, 2nd, 4th, 8th... failure, so that a rule failing every time cannot flood.
        long n = anomalyFailures.incrementAndGet();
        if (Long.bitCount(n) == 1) {
          LOG.warn("an anomaly rule failed ({} times so far); verdicts are unaffected", n, e);
        }
      }
    }
    if (observer != null) {
      observer.verified(verdict, System.nanoTime() - started);
    }
    return verdict;
  }

  /**
   * Watches every verification from now on for anomalies (one detector; a later call replaces it).
   */
  public void detectAnomalies(AnomalyDetector detector) {
    this.anomalies = detector;
  }

  /**
   * Whether requests from {@code clientAddress} are refused for now without looking at their key
   * (an address that was guessing keys, when the detector blocks). Only for an address a trusted
   * proxy named: see {@link #guessedFrom}.
   */
  public boolean blocked(String clientAddress) {
    AnomalyDetector detector = anomalies;
    return detector != null
        && detector.blocking()
        && detector.blocked(clientAddress, clock.instant());
  }

  /**
   * An unknown or malformed key came from {@code clientAddress}, as a trusted proxy named it: it
   * counts towards blocking that address. (Every verification counts towards the guessing alert;
   * only these towards a block, so that nobody can get an address blocked by claiming it in a
   * verification's attributes.)
   */
  public void guessedFrom(String clientAddress) {
    AnomalyDetector detector = anomalies;
    if (detector != null && detector.blocking()) {
      detector.guessedFrom(clientAddress, usageCounts.now());
    }
  }

  /**
   * Tells {@code listener} of every verification from now on (one listener; a later call replaces
   * it). Root-key authentications are not verifications and are not reported.
   */
  public void observe(VerificationListener listener) {
    this.listener = listener;
  }

  /** The credential cache's counts so far. */
  public CacheStats cacheStats() {
    return cache.stats();
  }

  private Verdict decide(
      String workspaceId, Check check, Consumer<List<String>> directPermissions) {
    java.util.function.LongSupplier position = feedPosition;
    Long applied = position == null ? null : position.getAsLong(); // before anything is read
    Optional<Secret> parsed = KeyFormat.parse(check.presented());
    if (parsed.isEmpty() || parsed.get().isRoot()) {
      return parsed.isEmpty() ? denied(VerifyCode.MALFORMED) : denied(VerifyCode.NOT_FOUND);
    }
    CredentialCache.Entry entry = cache.get(parsed.get().digest());
    Optional<Credential> found = entry.credential();
    if (found.isEmpty()
        || !(found.get() instanceof Credential.OfKey(KeyRow key, Instant retiresAt))
        || !key.workspaceId().equals(workspaceId)
        || !check.scope().includes(key.serviceId())) {
      return denied(VerifyCode.NOT_FOUND);
    }
    AccessPlan plan = entry.plan();
    // The clock is read only when a deadline or a condition needs it: most keys have none.
    Instant now =
        key.expiresAt() == null && retiresAt == null && plan.unconditional()
            ? null
            : clock.instant();
    VerifyCode code = judge(key, retiresAt, now);
    if (code == VerifyCode.VALID && check.service() != null && !belongs(key, check.service())) {
      code = VerifyCode.WRONG_SERVICE;
    }
    List<String> missing = null;
    boolean conditional = false;
    if (code == VerifyCode.VALID && (check.query() != null || !plan.unconditional())) {
      Authorizer.Decision decision =
          authorizer.decide(key, plan, check, now == null ? clock.instant() : now);
      code = decision.code();
      missing = decision.missing();
      conditional = decision.conditional();
    }
    Metering.Outcome usage = null;
    if (code == VerifyCode.VALID) {
      usage = metering.meter(key, check);
      code = usage.code();
    }
    boolean previous = retiresAt != null;
    if (code == VerifyCode.VALID && previous) {
      previousSecrets.seen(key.id(), now);
    }
    if (directPermissions != null && code == VerifyCode.VALID) {
      directPermissions.accept(key.permissions());
    }
    return new Verdict(
        code == VerifyCode.VALID,
        code,
        key.id(),
        key.serviceId(),
        key.consumerId(),
        key.name(),
        key.meta(),
        key.expiresAt(),
        previous ? Boolean.TRUE : null,
        retiresAt,
        missing,
        usage == null ? null : usage.rateLimit(),
        usage == null ? null : usage.creditsRemaining(),
        conditional,
        applied);
  }

  /**
   * The permission query written as {@code text}, parsed once and then cached.
   *
   * @throws QuerySyntaxException naming the position of the first error
   */
  public PermissionQuery query(String text) {
    return queries.get(text, PermissionQuery::parse);
  }

  private static VerifyCode judge(KeyRow key, Instant retiresAt, Instant now) {
    if (key.revokedAt() != null) {
      return VerifyCode.REVOKED;
    }
    if (isPast(key.expiresAt(), now) || isPast(retiresAt, now)) {
      return VerifyCode.EXPIRED;
    }
    return key.enabled() ? VerifyCode.VALID : VerifyCode.DISABLED;
  }

  private boolean belongs(KeyRow key, String service) {
    if (Ids.isValid("svc", service)) {
      return key.serviceId().equals(service);
    }
    return serviceNames.idOf(key.workspaceId(), service).map(key.serviceId()::equals).orElse(false);
  }

  /** Drops every cached credential, role, consumer's limits and service name. */
  public void evictAll() {
    cache.evictAll();
    roles.evictAll();
    consumers.evictAll();
    serviceNames.evictAll();
  }

  /** Forgets the usage limits of consumers {@code ids} of {@code workspaceId}; they changed. */
  public void evictConsumers(String workspaceId, Collection<String> ids) {
    consumers.evict(workspaceId, ids);
  }

  /** Forgets the roles {@code roleIds} of {@code workspaceId}; called after they changed. */
  public void evictRoles(String workspaceId, Collection<String> roleIds) {
    roles.evict(workspaceId, roleIds);
  }

  /**
   * Trusts cached credentials only while {@code fresh} says so (the change feed is being read);
   * otherwise every verification reads the store, and fails closed when it cannot.
   */
  public void trustCacheWhile(java.util.function.BooleanSupplier fresh) {
    cache.trustWhile(fresh);
    roles.trustWhile(fresh);
    consumers.trustWhile(fresh);
  }

  /**
   * Reports, with every verdict, the {@code seq} of the last change applied to this node's caches
   * as {@code position} said it before the verdict was made: a verdict reflects every change up to
   * it, which lets a verifier that follows {@code GET /v1/events} tell whether a verdict is older
   * than a change it heard of.
   */
  public void reportFeedPosition(java.util.function.LongSupplier position) {
    this.feedPosition = position;
  }

  /** Forgets service names; called after a service changed. */
  public void evictServiceNames() {
    serviceNames.evictAll();
  }

  /** Authenticates a root key for the management API. */
  public Authentication authenticate(String presented) {
    Optional<Secret> parsed = KeyFormat.parse(presented);
    if (parsed.isEmpty() || !parsed.get().isRoot()) {
      return new Authentication.Rejected("MALFORMED");
    }
    CredentialCache.Entry entry = cache.get(parsed.get().digest());
    Optional<Credential> found = entry.credential();
    if (found.isEmpty()
        || !(found.get() instanceof Credential.OfRootKey(RootKeyRow root, Instant retiresAt))) {
      return new Authentication.Rejected("NOT_FOUND");
    }
    Instant now = clock.instant();
    if (root.revokedAt() != null) {
      return new Authentication.Rejected("REVOKED");
    }
    if (isPast(root.expiresAt(), now) || isPast(retiresAt, now)) {
      return new Authentication.Rejected("EXPIRED");
    }
    return new Authentication.Authenticated(entry.principal());
  }

  /** Drops cached credentials; called after a mutation commits, before it answers. */
  public void evict(Collection<Digest> digests) {
    cache.evict(digests);
  }

  /**
   * Writes pending "previous secret last seen" times, key access usage and usage counts to the
   * store; one failing does not keep the others from being written.
   */
  public void flushUsage() {
    try {
      previousSecrets.flush();
    } finally {
      try {
        accessUsage.flush();
      } finally {
        usageCounts.flush();
      }
    }
  }

  /** Where verification counts verifications by key, service, outcome and minute. */
  public UsageCounts usageCounts() {
    return usageCounts;
  }

  /** Where verification records what each key exercised, for the access report. */
  public AccessUsage accessUsage() {
    return accessUsage;
  }

  private static boolean isPast(Instant deadline, Instant now) {
    return deadline != null && !now.isBefore(deadline);
  }

  private static Verdict denied(VerifyCode code) {
    return Verdict.denied(code);
  }
}
