package dev.latchkey.core.manage;

import dev.latchkey.api.AuditEvent;
import dev.latchkey.core.feed.Evictions;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.IdempotencyRecord;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs mutations: one transaction holding the rows, their audit events and change records; after
 * the commit and before returning, evicts from the verification cache every secret of every key or
 * root key the mutation touched. So no response of a revocation leaves before the key is dead on
 * this node.
 *
 * <p>Thread-safe.
 */
public final class Mutations {
  private final Store store;
  private final Verifier verifier;
  private final Clock clock;

  public Mutations(Store store, Verifier verifier, Clock clock) {
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** Runs {@code op} as one mutation. */
  public <T> T run(Caller caller, Function<MutationContext, T> op) {
    List<Change> changes = new ArrayList<>();
    try {
      return store.write(
          tx -> {
            MutationContext m = new MutationContext(tx, caller, now());
            T value = op.apply(m);
            changes.addAll(m.changes());
            return value;
          });
    } finally {
      // Also when the write failed: a commit may have happened before the failure was reported,
      // and evicting what did not change costs one reload.
      evict(changes);
    }
  }

  /**
   * Runs {@code op} at most once per idempotency key and caller: a retry with the same key and
   * request replays the first response; the same key with another request is a conflict. A record
   * older than the retention period is forgotten, even before the hourly prune deletes it.
   *
   * @param encode the response body of the result; it is stored only sealed
   */
  public <T> IdempotentResponse runIdempotent(
      Caller caller,
      IdempotencyRequest request,
      int status,
      Function<MutationContext, T> op,
      Function<T, byte[]> encode) {
    try {
      return idempotentOnce(caller, request, status, op, encode);
    } catch (DuplicateException e) {
      // The same request ran at the same moment elsewhere and committed first; it collided on the
      // idempotency record or on a unique field of what it created (a service's name). The store
      // reports a unique violation only once the other transaction committed, so a second try
      // finds its record and replays it; a real duplicate fails again, as itself.
      return idempotentOnce(caller, request, status, op, encode);
    }
  }

  private <T> IdempotentResponse idempotentOnce(
      Caller caller,
      IdempotencyRequest request,
      int status,
      Function<MutationContext, T> op,
      Function<T, byte[]> encode) {
    Instant oldest = now().minus(IDEMPOTENCY_RETENTION);
    return run(
        caller,
        m -> {
          Optional<IdempotencyRecord> prior =
              m.tx().idempotency().find(caller.workspaceId(), scope(caller), request.key());
          if (prior.isPresent() && !prior.get().createdAt().isBefore(oldest)) {
            return replay(prior.get(), request);
          }
          if (prior.isPresent()) {
            // Past its retention: forgotten, so that this request can take the key again.
            m.tx().idempotency().deleteOlderThan(oldest);
          }
          byte[] body = encode.apply(op.apply(m));
          m.tx()
              .idempotency()
              .insert(
                  new IdempotencyRecord(
                      caller.workspaceId(),
                      scope(caller),
                      request.key(),
                      request.fingerprint(),
                      status,
                      request.seal(body),
                      m.now()));
          return new IdempotentResponse(status, body, false);
        });
  }

  /** How long a first response can be replayed. */
  public static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(24);

  /**
   * Appends the audit event of a management call that failed (denied, or refused as invalid) in a
   * transaction of its own: the call itself changed nothing, and its failure is recorded even so.
   * The event records {@code action}, {@code target} and {@code details} as given; they must hold
   * no request value (docs/audit.md). Returns the event as stored.
   */
  public AuditEvent auditFailure(
      Caller caller, String action, AuditEvent.Target target, Map<String, Object> details) {
    AuditEvent draft =
        new AuditEvent(
            Ids.newId("evt"),
            now(),
            MutationContext.actorOf(caller),
            action,
            target,
            caller.requestId(),
            caller.sourceAddress(),
            details);
    return store.write(tx -> tx.audit().append(caller.workspaceId(), draft));
  }

  /** Deletes change records older than {@code retention}, keeping the newest; returns how many. */
  public int pruneChanges(Duration retention) {
    Instant cutoff = now().minus(retention);
    return store.write(tx -> tx.changes().deleteOlderThan(cutoff));
  }

  /** Deletes idempotency records past their retention; returns how many. */
  public int pruneIdempotency() {
    Instant cutoff = now().minus(IDEMPOTENCY_RETENTION);
    return store.write(tx -> tx.idempotency().deleteOlderThan(cutoff));
  }

  /**
   * Deletes key access usage older than the longest report window ({@link AccessReports#MAX_DAYS}
   * days, plus one for a node whose clock runs behind); returns how many rows.
   */
  public int pruneAccessUsage() {
    long oldestKept = AccessReports.dayOf(now()) - AccessReports.MAX_DAYS;
    return store.write(tx -> tx.accessUsage().deleteBefore(oldestKept));
  }

  /**
   * Evicts what {@code changes} made stale. The secrets to evict are read after the commit, not
   * inside it: the transaction then holds the feed lock (taken at its change append) for less time.
   * Secrets are never deleted, so the read finds them; if it fails, everything is evicted.
   */
  private void evict(List<Change> changes) {
    if (changes.isEmpty()) {
      return;
    }
    Evictions evictions;
    try {
      evictions =
          Evictions.needsStore(changes)
              ? store.read(tx -> Evictions.of(tx, changes))
              : Evictions.of(null, changes);
    } catch (RuntimeException e) {
      verifier.evictAll();
      throw e;
    }
    evictions.applyTo(verifier);
  }

  private static IdempotentResponse replay(IdempotencyRecord prior, IdempotencyRequest request) {
    if (!MessageDigest.isEqual(prior.fingerprint(), request.fingerprint())) {
      throw new ConflictException(
          "Idempotency-Key", "this Idempotency-Key was used for a different request");
    }
    return new IdempotentResponse(prior.status(), request.open(prior.sealedResponse()), true);
  }

  private static String scope(Caller caller) {
    return caller.principal().rootKeyId();
  }

  private Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
  }
}
