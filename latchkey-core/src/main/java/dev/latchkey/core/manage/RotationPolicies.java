package dev.latchkey.core.manage;

import dev.latchkey.api.RotationPolicy;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.DueRotation;
import dev.latchkey.core.store.DuplicateException;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RotationPolicyRow;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Rotation policies: set on a service (the default of its keys) or on one key, read, removed; and
 * the scheduler's planning over them, which turns each due key into a pending rotation (with a
 * sink) or a {@code rotation_due} alert (without one). Thread-safe.
 */
public final class RotationPolicies {
  public static final Duration MIN_INTERVAL = Duration.ofMinutes(1);
  public static final Duration MAX_INTERVAL = Duration.ofDays(3650);
  public static final Duration DEFAULT_GRACE = Keys.DEFAULT_GRACE;

  private final Store store;

  public RotationPolicies(Store store) {
    this.store = store;
  }

  /** Sets (replaces) the policy of service {@code serviceId}. */
  public RotationPolicy putForService(MutationContext m, String serviceId, SetRotationPolicy cmd) {
    Services.checkId(serviceId);
    RotationPolicyRow row = validated(m, RotationPolicyRow.SERVICE, serviceId, cmd);
    if (row.sinkId() != null && !m.caller().principal().permissions().contains(Permission.ALL)) {
      throw new ForbiddenException(
          "a service's policy hands the secret of every key of the service, present and future, to"
              + " its sink: only a root key holding * may name one there (a key's own policy needs"
              + " only to cover that key)");
    }
    if (!m.caller().principal().inScope(serviceId)
        || m.tx().services().find(m.workspaceId(), serviceId).isEmpty()) {
      throw Services.notFound(serviceId);
    }
    return put(m, row);
  }

  /** Sets (replaces) the policy of key {@code keyId}, which overrides its service's. */
  public RotationPolicy putForKey(MutationContext m, String keyId, SetRotationPolicy cmd) {
    checkKeyId(keyId);
    RotationPolicyRow row = validated(m, RotationPolicyRow.KEY, keyId, cmd);
    KeyRow key = keyInScope(m, keyId);
    KeyAccess.requireCovers(m, key, "set the rotation policy of a key holding");
    return put(m, row);
  }

  private RotationPolicy put(MutationContext m, RotationPolicyRow row) {
    if (row.sinkId() != null) {
      Sinks.requireNameable(m, row.sinkId());
    }
    m.tx().rotationPolicies().put(row);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("max_age", text(row.maxAge()));
    details.put("rotate_before_expiry", text(row.rotateBeforeExpiry()));
    details.put("grace_period", row.gracePeriod().toString());
    details.put("sink", row.sinkId());
    m.changed(row.targetType(), row.targetId(), "rotation_policy_set", details);
    return toApi(row);
  }

  /** The policy set on a target ({@code service} or {@code key}); not found when none. */
  public RotationPolicy get(Principal p, String targetType, String targetId) {
    return store.read(
        tx -> {
          requireVisible(tx, p, targetType, targetId);
          return tx.rotationPolicies()
              .find(p.workspaceId(), targetType, targetId)
              .map(RotationPolicies::toApi)
              .orElseThrow(() -> new NotFoundException("rotation policy", targetId));
        });
  }

  /** Removes the policy set on a target; not found when none. */
  public void delete(MutationContext m, String targetType, String targetId) {
    requireVisible(m.tx(), m.caller().principal(), targetType, targetId);
    if (RotationPolicyRow.KEY.equals(targetType)) {
      KeyAccess.requireCovers(
          m, keyInScope(m, targetId), "remove the rotation policy of a key holding");
    }
    if (!m.tx().rotationPolicies().delete(m.workspaceId(), targetType, targetId)) {
      throw new NotFoundException("rotation policy", targetId);
    }
    m.changed(targetType, targetId, "rotation_policy_removed", Map.of());
  }

  /**
   * Turns due keys with a sink into pending rotations, at most {@code limit}. A key another node
   * planned first is skipped. Returns how many this call planned.
   */
  public int plan(Instant now, int limit) {
    int planned = 0;
    for (DueRotation due : store.read(tx -> tx.rotationPolicies().due(now, now, limit, true))) {
      RotationRow row =
          RotationRow.pending(
              Ids.newId("rot"),
              due.workspaceId(),
              due.keyId(),
              "schedule",
              due.policy().sinkId(),
              due.policy().gracePeriod(),
              now);
      try {
        store.write(
            tx -> {
              tx.rotations().insert(row);
              return null;
            });
        planned++;
      } catch (DuplicateException e) {
        // Another node planned the same rotation first: exactly one pending rotation per key.
      }
    }
    return planned;
  }

  /** The policy in force for {@code key}: its own, else its service's. */
  static Optional<RotationPolicyRow> inForce(Tx tx, KeyRow key) {
    return tx.rotationPolicies()
        .find(key.workspaceId(), RotationPolicyRow.KEY, key.id())
        .or(
            () ->
                tx.rotationPolicies()
                    .find(key.workspaceId(), RotationPolicyRow.SERVICE, key.serviceId()));
  }

  private static RotationPolicyRow validated(
      MutationContext m, String type, String id, SetRotationPolicy cmd) {
    Validation v = new Validation();
    Duration maxAge = interval(v, "max_age", cmd.maxAge());
    Duration beforeExpiry = interval(v, "rotate_before_expiry", cmd.rotateBeforeExpiry());
    Duration grace = v.duration("grace_period", cmd.gracePeriod(), DEFAULT_GRACE, Keys.MAX_GRACE);
    if (cmd.maxAge() == null && cmd.rotateBeforeExpiry() == null) {
      v.fail("max_age", "max_age or rotate_before_expiry is required");
    }
    if (maxAge != null && grace != null && grace.compareTo(maxAge) >= 0) {
      v.fail("grace_period", "must be shorter than max_age: at most two secrets verify at once");
    }
    if (cmd.sink() != null && !Ids.isValid("snk", cmd.sink())) {
      v.fail("sink", "is not a snk_ id");
    }
    v.throwIfAny();
    return new RotationPolicyRow(
        m.workspaceId(), type, id, maxAge, beforeExpiry, grace, cmd.sink(), m.now());
  }

  private static Duration interval(Validation v, String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      Duration d = Duration.parse(value).truncatedTo(ChronoUnit.MILLIS);
      if (d.compareTo(MIN_INTERVAL) < 0 || d.compareTo(MAX_INTERVAL) > 0) {
        v.fail(field, "must be between " + MIN_INTERVAL + " and " + MAX_INTERVAL);
      }
      return d;
    } catch (DateTimeParseException e) {
      v.fail(field, "must be an ISO-8601 duration such as P90D or PT12H");
      return null;
    }
  }

  private static void requireVisible(Tx tx, Principal p, String type, String id) {
    if (RotationPolicyRow.SERVICE.equals(type)) {
      Services.checkId(id);
      if (!p.inScope(id) || tx.services().find(p.workspaceId(), id).isEmpty()) {
        throw Services.notFound(id);
      }
    } else {
      checkKeyId(id);
      tx.keys()
          .find(p.workspaceId(), id)
          .filter(k -> p.inScope(k.serviceId()))
          .orElseThrow(() -> new NotFoundException("key", id));
    }
  }

  private static KeyRow keyInScope(MutationContext m, String keyId) {
    return m.tx()
        .keys()
        .findForUpdate(m.workspaceId(), keyId)
        .filter(k -> m.caller().principal().inScope(k.serviceId()))
        .orElseThrow(() -> new NotFoundException("key", keyId));
  }

  private static void checkKeyId(String id) {
    if (!Ids.isValid("key", id)) {
      throw InvalidInputException.of("id", "is not a key_ id");
    }
  }

  static RotationPolicy toApi(RotationPolicyRow r) {
    return new RotationPolicy(
        r.targetType(),
        r.targetId(),
        text(r.maxAge()),
        text(r.rotateBeforeExpiry()),
        r.gracePeriod().toString(),
        r.sinkId(),
        r.updatedAt());
  }

  private static String text(Duration d) {
    return d == null ? null : d.toString();
  }
}
