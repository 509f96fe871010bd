package dev.latchkey.core.manage;

import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.Service;
import dev.latchkey.api.StartRotation;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.anomaly.Signals;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkCatalog;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RotationPolicyRow;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.SinkRow;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rotation protocol: one rotation of one key through its sink, all or nothing.
 *
 * <ol>
 *   <li><b>Begin</b> (one transaction, under the node's lease): a new secret is stored, verifying
 *       at once beside the live one, and recorded as the attempt's pending secret. A pending secret
 *       left by a crashed attempt is set to retire when the grace period ends: it may have reached
 *       the sink.
 *   <li><b>Deliver</b> (no transaction open): the sink's driver writes the new secret.
 *   <li><b>Complete</b> (one transaction, only while the lease holds): the other secrets retire
 *       when the grace period ends, the key shows the new secret, the rotation is done, audited and
 *       published on the change feed.
 * </ol>
 *
 * A failed delivery changes nothing a consumer sees: the new secret is deleted (or, when the sink
 * may have received it, retires after the grace period), the old one stays live, the attempt is
 * retried later with backoff and a {@code rotation_failed} alert is raised. A node that dies
 * between the steps leaves its lease to expire; another node then takes the rotation over from the
 * start. Thread-safe.
 */
public final class Rotations {
  private static final Logger LOG = LoggerFactory.getLogger(Rotations.class);

  /** How long a node holds a rotation: well beyond one delivery's bound. */
  public static final Duration LEASE = Duration.ofMinutes(2);

  /** What one {@link #run} came to. */
  public enum Outcome {
    DONE,
    FAILED,
    CANCELLED,
    LEASE_LOST
  }

  private final Store store;
  private final Mutations mutations;
  private final SinkCatalog sinks;
  private final Signals signals;
  private final Clock clock;
  private final Backoff backoff;

  public Rotations(
      Store store,
      Mutations mutations,
      SinkCatalog sinks,
      Signals signals,
      Clock clock,
      Backoff backoff) {
    this.store = store;
    this.mutations = mutations;
    this.sinks = sinks;
    this.signals = signals;
    this.clock = clock;
    this.backoff = backoff;
  }

  /** Runs the rotation {@code node} has leased; see the class comment. */
  public Outcome run(String node, RotationRow r) {
    Instant now = clock.instant();
    Begun begun;
    try {
      begun = store.write(tx -> begin(tx, node, r, now));
    } catch (LeaseLostException e) {
      return Outcome.LEASE_LOST;
    }
    if (begun == null) {
      return Outcome.CANCELLED;
    }
    SinkReceipt receipt;
    try {
      receipt =
          sinks.deliver(
              begun.sink(),
              new Delivery(
                  r.workspaceId(), r.keyId(), begun.key().serviceId(), begun.secret(), now));
    } catch (SinkException e) {
      failed(node, r, begun, e.getMessage(), e.mayHaveArrived());
      return Outcome.FAILED;
    }
    try {
      mutations.run(system(r.workspaceId()), m -> complete(m, node, r, begun, receipt));
      return Outcome.DONE;
    } catch (LeaseLostException e) {
      return Outcome.LEASE_LOST;
    }
  }

  private record Begun(KeyRow key, SinkRow sink, Secret secret) {}

  private Begun begin(Tx tx, String node, RotationRow r, Instant now) {
    String ws = r.workspaceId();
    Optional<KeyRow> key = tx.keys().findForUpdate(ws, r.keyId());
    Optional<SinkRow> sink =
        r.sinkId() == null ? Optional.empty() : tx.sinks().find(ws, r.sinkId());
    String why =
        key.isEmpty() || !isLive(key.get(), now)
            ? "the key was revoked, disabled or expired"
            : sink.isEmpty() ? "the sink was deleted" : null;
    if (why != null) {
      if (!tx.rotations().cancel(r.id(), node, why, now)) {
        throw new LeaseLostException();
      }
      return null;
    }
    // A pending secret left by a crashed attempt may be in the sink: it stays live, and retires
    // only with the others when a later attempt completes.
    Service service =
        tx.services()
            .find(ws, key.get().serviceId())
            .orElseThrow(() -> new IllegalStateException("a key's service is never deleted"));
    Secret secret = KeyFormat.generate(service.prefix());
    tx.secrets().insert(new SecretRow(ws, secret.digest(), r.keyId(), secret.start(), now, null));
    if (!tx.rotations()
        .begin(r.id(), node, secret.digest(), r.attempts() + 1, now, now.plus(LEASE))) {
      throw new LeaseLostException();
    }
    return new Begun(key.get(), sink.get(), secret);
  }

  private Void complete(
      MutationContext m, String node, RotationRow r, Begun begun, SinkReceipt receipt) {
    Tx tx = m.tx();
    if (!tx.rotations().complete(r.id(), node, receipt.location(), m.now())) {
      throw new LeaseLostException();
    }
    KeyRow key = tx.keys().findForUpdate(r.workspaceId(), r.keyId()).orElseThrow();
    Instant graceEnds = m.now().plus(r.gracePeriod());
    for (SecretRow s : tx.secrets().ofOwner(r.workspaceId(), r.keyId())) {
      boolean other = !s.digest().equals(begun.secret().digest());
      if (other && (s.retiresAt() == null || s.retiresAt().isAfter(graceEnds))) {
        tx.secrets().retire(r.workspaceId(), s.digest(), graceEnds);
      }
    }
    // The delivered secret is the key's live one, whatever retired it meanwhile (none should).
    tx.secrets().retire(r.workspaceId(), begun.secret().digest(), null);
    KeyRow rotated = key.rotated(begun.secret().start(), m.now(), graceEnds);
    Instant expiresAt = renewedExpiry(tx, key, m.now());
    if (expiresAt != null) {
      rotated = rotated.updated(key.name(), key.meta(), key.enabled(), expiresAt, m.now());
    }
    tx.keys().update(rotated);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("reason", r.reason());
    details.put("rotation", r.id());
    details.put("sink", begun.sink().id());
    details.put("location", receipt.location());
    details.put("grace_period", r.gracePeriod().toString());
    m.changed("key", r.keyId(), "rotated", details);
    return null;
  }

  /**
   * The expiry a rotation before expiry gives the key: as far from now as the key's lifetime
   * reached from its last rotation, but at least twice the policy's lead, so the next rotation is
   * not due at once. Null when the key does not expire or its policy ignores expiry.
   */
  private static Instant renewedExpiry(Tx tx, KeyRow key, Instant now) {
    Optional<RotationPolicyRow> policy = RotationPolicies.inForce(tx, key);
    if (key.expiresAt() == null || policy.isEmpty() || policy.get().rotateBeforeExpiry() == null) {
      return null;
    }
    Instant since = key.rotatedAt() == null ? key.createdAt() : key.rotatedAt();
    Duration lifetime = Duration.between(since, key.expiresAt());
    Duration least = policy.get().rotateBeforeExpiry().multipliedBy(2);
    return now.plus(lifetime.compareTo(least) < 0 ? least : lifetime);
  }

  private void failed(
      String node, RotationRow r, Begun begun, String error, boolean mayHaveArrived) {
    Instant now = clock.instant();
    int attempt = r.attempts() + 1;
    Instant next = now.plus(backoff.after(attempt));
    boolean recorded =
        mutations.run(
            system(r.workspaceId()),
            m -> {
              // A secret the sink may hold stays live until a later attempt completes and retires
              // it
              // with the others after the grace period: until then the sink may be serving it.
              if (!mayHaveArrived) {
                m.tx().secrets().delete(r.workspaceId(), begun.secret().digest());
              }
              if (!m.tx().rotations().fail(r.id(), node, error, next, now)) {
                return false; // the lease passed on: the new holder reports its own attempts
              }
              m.changed(
                  "key",
                  r.keyId(),
                  "rotation_failed",
                  Map.of("rotation", r.id(), "attempt", attempt, "error", error));
              return true;
            });
    LOG.warn("rotation {} of key {} failed (attempt {}): {}", r.id(), r.keyId(), attempt, error);
    if (!recorded) {
      return;
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("key_id", r.keyId());
    details.put("rotation_id", r.id());
    details.put("sink_id", r.sinkId());
    details.put("attempts", attempt);
    details.put("error", error);
    details.put("next_attempt_at", next.toString());
    signals.raise(
        r.workspaceId(), "rotation_failed", "warning", "key", r.keyId(), r.keyId(), details, now);
  }

  /** A key that may be rotated: not revoked, enabled, not expired. */
  static boolean isLive(KeyRow key, Instant now) {
    return key.revokedAt() == null
        && key.enabled()
        && (key.expiresAt() == null || key.expiresAt().isAfter(now));
  }

  /**
   * Delivers a key's first secret, just issued, to the sink of its policy, if the policy names one:
   * keys are written to their sink on creation as on every rotation. When the delivery fails, a
   * rotation of reason {@code delivery} is left pending: it issues and delivers a new secret with
   * the usual retries, while the first one keeps verifying through the grace period.
   *
   * @return where it was delivered, or empty when the key's policy names no sink or the delivery
   *     failed (then retried by the scheduler)
   */
  public Optional<String> deliverIssued(String workspaceId, String keyId, String secret) {
    try {
      return deliverIssuedOrThrow(workspaceId, keyId, secret);
    } catch (RuntimeException e) {
      // The key is committed and its secret is in the answer being sent: never fail that answer.
      LOG.warn(
          "delivering the first secret of key {} could not even start: {}", keyId, e.toString());
      return Optional.empty();
    }
  }

  private Optional<String> deliverIssuedOrThrow(String workspaceId, String keyId, String secret) {
    Instant now = clock.instant();
    record Target(KeyRow key, RotationPolicyRow policy, SinkRow sink) {}
    Optional<Target> target =
        store.read(
            tx ->
                tx.keys()
                    .find(workspaceId, keyId)
                    .flatMap(
                        k ->
                            RotationPolicies.inForce(tx, k)
                                .filter(p -> p.sinkId() != null)
                                .flatMap(
                                    p ->
                                        tx.sinks()
                                            .find(workspaceId, p.sinkId())
                                            .map(s -> new Target(k, p, s)))));
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Target t = target.get();
    Secret issued = KeyFormat.parse(secret).orElseThrow();
    try {
      SinkReceipt receipt =
          sinks.deliver(
              t.sink(), new Delivery(workspaceId, keyId, t.key().serviceId(), issued, now));
      mutations.run(
          system(workspaceId),
          m -> {
            m.changed(
                "key",
                keyId,
                "delivered",
                Map.of("sink", t.sink().id(), "location", receipt.location()));
            return null;
          });
      return Optional.of(receipt.location());
    } catch (SinkException e) {
      String error = e.getMessage();
      LOG.warn("delivering the first secret of key {} failed: {}", keyId, error);
      RotationRow retry =
          RotationRow.pending(
              Ids.newId("rot"),
              workspaceId,
              keyId,
              "delivery",
              t.sink().id(),
              t.policy().gracePeriod(),
              now);
      try {
        store.write(
            tx -> {
              tx.rotations().insert(retry);
              return null;
            });
      } catch (DuplicateException ignored) {
        // a rotation of the key is pending already: it will deliver
      }
      signals.raise(
          workspaceId,
          "rotation_failed",
          "warning",
          "key",
          keyId,
          keyId,
          Map.of("key_id", keyId, "sink_id", t.sink().id(), "error", error, "attempts", 1),
          now);
      return Optional.empty();
    }
  }

  /**
   * Rotates {@code keyId} now through a sink (the one asked for, else its policy's), the way the
   * scheduler would, and returns the rotation: done, or pending with the error that a later attempt
   * will retry past.
   *
   * @throws ConflictException when the key already has a pending rotation
   */
  public KeyRotation rotateNow(Caller caller, String node, String keyId, StartRotation cmd) {
    RotationRow claimed = mutations.run(caller, m -> start(m, node, keyId, cmd));
    run(node, claimed);
    return store
        .read(tx -> tx.rotations().find(claimed.workspaceId(), claimed.id()))
        .map(Rotations::toApi)
        .orElseThrow();
  }

  private RotationRow start(MutationContext m, String node, String keyId, StartRotation cmd) {
    Validation v = new Validation();
    v.id("id", "key", keyId);
    Duration asked = v.duration("grace_period", cmd.gracePeriod(), null, Keys.MAX_GRACE);
    if (cmd.sink() != null && !Ids.isValid("snk", cmd.sink())) {
      v.fail("sink", "is not a snk_ id");
    }
    v.throwIfAny();
    KeyRow key =
        m.tx()
            .keys()
            .findForUpdate(m.workspaceId(), keyId)
            .filter(k -> m.caller().principal().inScope(k.serviceId()))
            .orElseThrow(() -> new NotFoundException("key", keyId));
    if (!isLive(key, m.now())) {
      throw new ConflictException("id", "the key is revoked, disabled or expired");
    }
    KeyAccess.requireCovers(m, key, "rotate a key holding");
    Optional<RotationPolicyRow> policy = RotationPolicies.inForce(m.tx(), key);
    String sinkId =
        cmd.sink() != null ? cmd.sink() : policy.map(RotationPolicyRow::sinkId).orElse(null);
    if (sinkId == null) {
      throw InvalidInputException.of(
          "sink", "the key's rotation policy names no sink: name one, or use POST :rotate");
    }
    if (cmd.sink() != null) {
      Sinks.requireNameable(m, sinkId); // the policy's sink was checked when it was set
    } else if (m.tx().sinks().find(m.workspaceId(), sinkId).isEmpty()) {
      throw InvalidInputException.of("sink", "no sink with id " + sinkId);
    }
    Duration grace =
        asked != null
            ? asked
            : policy.map(RotationPolicyRow::gracePeriod).orElse(Keys.DEFAULT_GRACE);
    RotationRow row =
        RotationRow.pending(
            Ids.newId("rot"), m.workspaceId(), keyId, "manual", sinkId, grace, m.now());
    try {
      m.tx().rotations().insert(row);
    } catch (DuplicateException e) {
      throw new ConflictException("id", "a rotation of this key is pending; see its rotations");
    }
    if (!m.tx().rotations().claim(row.id(), node, m.now(), m.now().plus(LEASE))) {
      throw new IllegalStateException("a rotation inserted in this transaction is always free");
    }
    m.changed("key", keyId, "rotation_started", Map.of("rotation", row.id(), "sink", sinkId));
    return row;
  }

  /** The key's rotations, newest first, when {@code p} may see the key. */
  public Slice<KeyRotation> history(Principal p, Keys keys, String keyId, PageRequest page) {
    keys.get(p, keyId);
    Slice<RotationRow> rows = store.read(tx -> tx.rotations().ofKey(p.workspaceId(), keyId, page));
    return new Slice<>(rows.items().stream().map(Rotations::toApi).toList(), rows.next());
  }

  static KeyRotation toApi(RotationRow r) {
    return new KeyRotation(
        r.id(),
        r.keyId(),
        r.reason(),
        r.status(),
        r.sinkId(),
        r.gracePeriod().toString(),
        r.attempts(),
        RotationRow.PENDING.equals(r.status()) ? r.nextAttemptAt() : null,
        r.lastError(),
        r.location(),
        r.createdAt(),
        r.completedAt());
  }

  static Caller system(String workspaceId) {
    return new Caller(Principal.system(workspaceId), Ids.newCorrelationId("req"), "scheduler");
  }

  /** Rolls a transaction back once another node has taken the rotation over. */
  private static final class LeaseLostException extends RuntimeException {
    LeaseLostException() {
      super("the rotation's lease passed to another node", null, false, false);
    }
  }
}
