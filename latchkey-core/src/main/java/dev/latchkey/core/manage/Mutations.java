package dev.latchkey.core.manage;

import dev.latchkey.core.feed.Evictions;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.IdempotencyRecord;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.Verifier;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
    AtomicReference<Evictions> evictions = new AtomicReference<>(Evictions.NONE);
    try {
      return store.write(
          tx -> {
            MutationContext m = new MutationContext(tx, caller, now());
            T value = op.apply(m);
            evictions.set(Evictions.of(tx, m.changes()));
            return value;
          });
    } finally {
      // Also when the write failed: a commit may have happened before the failure was reported,
      // and evicting what did not change costs one reload.
      evictions.get().applyTo(verifier);
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
      if (!e.field().equals("idempotency_key")) {
        throw e;
      }
      // Another node ran the same request at the same moment and committed first: replay it.
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
              m.tx()
                  .idempotency()
                  .find(caller.workspaceId(), scope(caller), request.key())
                  .filter(r -> !r.createdAt().isBefore(oldest));
          if (prior.isPresent()) {
            return replay(prior.get(), request);
          }
          m.tx().idempotency().deleteOlderThan(oldest);
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
