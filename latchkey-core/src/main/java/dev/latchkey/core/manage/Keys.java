package dev.latchkey.core.manage;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.KeyState;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RotateKey;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditPolicy;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.Limits;
import dev.latchkey.core.limit.WireLimits;
import dev.latchkey.core.manage.LimitsInput.CreditsRequest;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.KeyFilter;
import dev.latchkey.core.store.KeyLastUse;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Use cases of keys: issue, change, rotate, revoke, read. A key holds one live secret, two while a
 * rotation's grace period runs. Thread-safe.
 */
public final class Keys {
  /** Grace period of a rotation when none is given. */
  public static final Duration DEFAULT_GRACE = Duration.ofHours(24);

  /** Longest grace period a rotation may give. */
  public static final Duration MAX_GRACE = Duration.ofDays(30);

  private final Store store;
  private final Clock clock;
  private final KeyAccess access;

  public Keys(Store store, Clock clock, Conditions conditions) {
    this.store = store;
    this.clock = clock;
    this.access = new KeyAccess(conditions);
  }

  public IssuedKey create(MutationContext m, CreateKey cmd) {
    Validation v = new Validation();
    v.required("service", cmd.service());
    v.id("service", "svc", cmd.service());
    v.id("consumer", "con", cmd.consumer());
    String name = v.text("name", cmd.name(), Validation.MAX_NAME);
    v.meta("meta", cmd.meta());
    Instant expiresAt = v.deadline("expires_at", cmd.expiresAt(), m.now());
    KeyAccess.Requested requested =
        access.validate(v, cmd.permissions(), cmd.roles(), Optional.ofNullable(cmd.condition()));
    List<LimitRule> rules = LimitsInput.rules(v, cmd.limits());
    CreditsRequest credits = LimitsInput.credits(v, "credits", cmd.credits(), true);
    v.throwIfAny();
    expiresAt = withinCallersLife(m, expiresAt);
    Service service =
        m.tx()
            .services()
            .find(m.workspaceId(), cmd.service())
            .filter(s -> m.caller().principal().inScope(s.id()))
            .orElseThrow(() -> InvalidInputException.of("service", "no such service"));
    if (cmd.consumer() != null
        && m.tx().consumers().find(m.workspaceId(), cmd.consumer()).isEmpty()) {
      throw InvalidInputException.of("consumer", "no such consumer");
    }
    LimitOverrides.requireMayOverride(m, cmd.consumer(), rules, List.of());
    KeyAccess.Granted granted = access.resolve(m, requested, Optional.empty());
    Secret secret = KeyFormat.generate(service.prefix());
    String id = Ids.newId("key");
    KeyRow key =
        new KeyRow(
            id,
            m.workspaceId(),
            service.id(),
            cmd.consumer(),
            name,
            cmd.meta(),
            cmd.enabled() == null || cmd.enabled(),
            expiresAt,
            m.now(),
            m.now(),
            null,
            null,
            secret.start(),
            null,
            null,
            null,
            null,
            granted.permissions(),
            granted.roleIds(),
            granted.condition(),
            new Limits(rules, credits == null ? null : credits.policy()));
    m.tx().keys().insert(key);
    m.tx()
        .secrets()
        .insert(new SecretRow(m.workspaceId(), secret.digest(), id, secret.start(), m.now(), null));
    if (credits != null) {
      OwnerCredits.open(m, id, credits);
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("service", service.id());
    if (cmd.consumer() != null) {
      details.put("consumer", cmd.consumer());
    }
    granted.describeInto(details);
    Key created = toApi(m.tx(), key, m.now());
    OwnerCredits.describe(details, rules, created.credits());
    m.changed("key", id, "created", details);
    return new IssuedKey(secret.reveal(), created);
  }

  public Key update(MutationContext m, String id, UpdateKey cmd) {
    Validation v = new Validation();
    v.id("id", "key", id);
    String name = v.text("name", cmd.name(), Validation.MAX_NAME);
    v.meta("meta", cmd.meta());
    Instant expiresAt =
        cmd.expiresAt() == null
            ? null
            : v.deadline("expires_at", cmd.expiresAt().orElse(null), m.now());
    KeyAccess.Requested requested =
        access.validate(v, cmd.permissions(), cmd.roles(), cmd.condition());
    List<LimitRule> rules = LimitsInput.rules(v, cmd.limits());
    Optional<CreditsRequest> credits =
        cmd.credits() == null
            ? null
            : cmd.credits().map(c -> LimitsInput.credits(v, "credits", c, false));
    v.throwIfAny();
    KeyRow old = live(m, id, "update");
    KeyAccess.requireCovers(m, old, "change a key holding");
    LimitOverrides.requireMayOverride(m, old.consumerId(), rules, old.limits().rates());
    if (cmd.expiresAt() != null) {
      expiresAt = withinCallersLife(m, expiresAt);
    }
    List<String> fields = new ArrayList<>();
    if (cmd.name() != null) {
      fields.add("name");
    }
    if (cmd.meta() != null) {
      fields.add("meta");
    }
    if (cmd.expiresAt() != null) {
      fields.add("expires_at");
    }
    if (cmd.enabled() != null) {
      fields.add("enabled");
    }
    fields.addAll(requested.fields());
    if (cmd.limits() != null) {
      fields.add("limits");
    }
    if (cmd.credits() != null) {
      fields.add("credits");
    }
    KeyRow updated =
        old.updated(
            name == null ? old.name() : name,
            cmd.meta() == null ? old.meta() : cmd.meta(),
            cmd.enabled() == null ? old.enabled() : cmd.enabled(),
            cmd.expiresAt() == null ? old.expiresAt() : expiresAt,
            m.now());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("fields", fields);
    if (!requested.isEmpty()) {
      KeyAccess.Granted granted = access.resolve(m, requested, Optional.of(old));
      updated =
          updated.withAccess(
              granted.permissions(), granted.roleIds(), granted.condition(), m.now());
      granted.describeInto(details);
    }
    if (rules != null || credits != null) {
      Limits before = old.limits();
      CreditPolicy policy = OwnerCredits.change(m, id, before.credits(), credits, "key");
      updated =
          updated.withLimits(new Limits(rules == null ? before.rates() : rules, policy), m.now());
    }
    m.tx().keys().update(updated);
    Key changed = toApi(m.tx(), updated, m.now());
    OwnerCredits.describe(details, rules, credits == null ? null : changed.credits());
    m.changed("key", id, "updated", details);
    return changed;
  }

  /**
   * Issues a new secret under the same key id. The live secret keeps verifying until the grace
   * period ends; a secret still in an earlier grace period dies now, so at most two verify.
   */
  public IssuedKey rotate(MutationContext m, String id, RotateKey cmd) {
    Validation v = new Validation();
    v.id("id", "key", id);
    Duration grace = v.duration("grace_period", cmd.gracePeriod(), DEFAULT_GRACE, MAX_GRACE);
    v.throwIfAny();
    KeyRow old = live(m, id, "rotate");
    KeyAccess.requireCovers(m, old, "rotate a key holding");
    requireNoSink(m, old);
    Service service =
        m.tx()
            .services()
            .find(m.workspaceId(), old.serviceId())
            .orElseThrow(() -> new IllegalStateException("a key's service is never deleted"));
    Instant graceEnds = m.now().plus(grace);
    String ws = m.workspaceId();
    for (SecretRow secret : m.tx().secrets().ofOwner(ws, id)) {
      if (secret.retiresAt() == null) {
        m.tx().secrets().retire(ws, secret.digest(), graceEnds);
      } else if (secret.retiresAt().isAfter(m.now())) {
        m.tx().secrets().retire(ws, secret.digest(), m.now());
      }
    }
    Secret secret = KeyFormat.generate(service.prefix());
    m.tx().secrets().insert(new SecretRow(ws, secret.digest(), id, secret.start(), m.now(), null));
    KeyRow rotated = old.rotated(secret.start(), m.now(), graceEnds);
    m.tx().keys().update(rotated);
    m.changed("key", id, "rotated", Map.of("grace_period", grace.toString()));
    return new IssuedKey(secret.reveal(), toApi(m.tx(), rotated, m.now()));
  }

  /**
   * A key delivered through a sink rotates only through it ({@code POST /v1/keys/{id}/rotations}):
   * a secret answered here would never reach the sink, which would go on serving one that dies when
   * the grace period ends.
   */
  private static void requireNoSink(MutationContext m, KeyRow key) {
    if (m.tx().rotations().pendingOf(m.workspaceId(), key.id()).isPresent()) {
      throw new ConflictException(
          "id", "a rotation of this key through its sink is pending; see its rotations");
    }
    if (RotationPolicies.inForce(m.tx(), key).filter(p -> p.sinkId() != null).isPresent()) {
      throw new ConflictException(
          "id",
          "the key's rotation policy delivers it to a sink: rotate it with POST"
              + " /v1/keys/{id}/rotations, so the sink gets the new secret");
    }
  }

  /**
   * Revokes for good: every secret of the key stops verifying at once. Revoking twice is a no-op.
   * Any caller with {@code keys.revoke} whose scope holds the key may revoke it, however broad the
   * key: revocation only ever takes access away, and whoever answers a leak for a service must be
   * able to stop its keys.
   */
  public Key revoke(MutationContext m, String id, RevokeKey cmd) {
    Validation v = new Validation();
    v.id("id", "key", id);
    String reason = v.text("reason", cmd.reason(), Validation.MAX_REASON);
    v.throwIfAny();
    KeyRow old = inScope(m, m.tx().keys().findForUpdate(m.workspaceId(), id), id);
    if (old.revokedAt() != null) {
      return toApi(m.tx(), old, m.now());
    }
    KeyRow revoked = old.revoked(m.now(), reason);
    m.tx().keys().update(revoked);
    Map<String, Object> details = new LinkedHashMap<>();
    if (reason != null) {
      details.put("reason", reason);
    }
    m.changed("key", id, "revoked", details);
    return toApi(m.tx(), revoked, m.now());
  }

  /**
   * Sets or adds to the key's own credit balance, with the authorization of a PATCH: the key must
   * be in the caller's scope, not revoked, and hold only grants the caller may give.
   *
   * @throws ConflictException when the key has no credits
   */
  public Credits credits(MutationContext m, String id, CreditChange cmd) {
    Validation v = new Validation();
    v.id("id", "key", id);
    LimitsInput.change(v, cmd);
    v.throwIfAny();
    KeyRow key = live(m, id, "change credits");
    KeyAccess.requireCovers(m, key, "change the credits of a key holding");
    CreditPolicy policy = key.limits().credits();
    if (policy == null) {
      throw new ConflictException("id", "the key has no credits: give it some with PATCH first");
    }
    Credits after = OwnerCredits.apply(m, id, policy, cmd);
    m.changed("key", id, "updated", OwnerCredits.auditDetails(cmd, after));
    return after;
  }

  /** The key {@code id}; a key of a service outside the caller's scope does not exist for it. */
  public Key get(Principal p, String id) {
    checkId(id);
    Instant now = clock.instant();
    return store
        .read(
            tx ->
                tx.keys()
                    .find(p.workspaceId(), id)
                    .filter(k -> p.inScope(k.serviceId()))
                    .map(k -> toApi(tx, k, now)))
        .orElseThrow(() -> notFound(id));
  }

  public Slice<Key> list(Principal p, KeyFilter filter, PageRequest page) {
    KeyFilter scoped = filter.within(p.services().serviceIds());
    Instant now = filter.now();
    return store.read(
        tx -> {
          Slice<KeyRow> rows = tx.keys().list(p.workspaceId(), scoped, page);
          List<String> holders =
              rows.items().stream()
                  .filter(k -> k.limits().credits() != null)
                  .map(KeyRow::id)
                  .toList();
          Map<String, Balance> balances = tx.credits().findAll(p.workspaceId(), holders);
          Map<String, KeyLastUse> lastUses =
              tx.usage().lastUses(p.workspaceId(), rows.items().stream().map(KeyRow::id).toList());
          return new Slice<>(
              rows.items().stream()
                  .map(
                      k ->
                          toApi(
                              k,
                              now,
                              OwnerCredits.view(k.limits().credits(), balances.get(k.id()), now),
                              lastUses.get(k.id())))
                  .toList(),
              rows.next());
        });
  }

  private static KeyRow live(MutationContext m, String id, String action) {
    KeyRow key = inScope(m, m.tx().keys().findForUpdate(m.workspaceId(), id), id);
    if (key.revokedAt() != null) {
      throw new ConflictException("id", "a revoked key cannot " + action);
    }
    return key;
  }

  /**
   * The expiry a caller may give: a root key that expires gives only keys that expire no later than
   * itself (none asked for is its own), as for root keys.
   */
  private static Instant withinCallersLife(MutationContext m, Instant asked) {
    Optional<Instant> limit = m.caller().principal().expiresAt();
    if (limit.isEmpty()) {
      return asked;
    }
    if (asked == null) {
      return limit.get();
    }
    if (asked.isAfter(limit.get())) {
      throw new ForbiddenException("a root key cannot give a key that outlives it");
    }
    return asked;
  }

  /** The key found, if the caller's service scope includes it; else not found. */
  private static KeyRow inScope(MutationContext m, Optional<KeyRow> found, String id) {
    return found
        .filter(k -> m.caller().principal().inScope(k.serviceId()))
        .orElseThrow(() -> notFound(id));
  }

  /** The state of a key at {@code now}: revoked, else expired, else disabled, else active. */
  public static KeyState stateOf(KeyRow key, Instant now) {
    if (key.revokedAt() != null) {
      return KeyState.REVOKED;
    }
    if (key.expiresAt() != null && !now.isBefore(key.expiresAt())) {
      return KeyState.EXPIRED;
    }
    return key.enabled() ? KeyState.ACTIVE : KeyState.DISABLED;
  }

  /** The key as the API shows it at {@code now}, its balance read in {@code tx}. */
  static Key toApi(Tx tx, KeyRow k, Instant now) {
    CreditPolicy policy = k.limits().credits();
    Balance balance =
        policy == null ? null : tx.credits().find(k.workspaceId(), k.id()).orElse(null);
    KeyLastUse lastUse = tx.usage().lastUses(k.workspaceId(), List.of(k.id())).get(k.id());
    return toApi(k, now, OwnerCredits.view(policy, balance, now), lastUse);
  }

  static Key toApi(KeyRow k, Instant now, Credits credits, KeyLastUse lastUse) {
    Key.Rotation rotation =
        k.rotatedAt() == null
            ? null
            : new Key.Rotation(
                k.rotatedAt(), k.previousStart(), k.graceEndsAt(), k.previousSecretLastUsedAt());
    return new Key(
        k.id(),
        k.serviceId(),
        k.consumerId(),
        k.name(),
        k.start(),
        k.meta(),
        k.enabled(),
        stateOf(k, now),
        k.expiresAt(),
        k.createdAt(),
        k.updatedAt(),
        k.revokedAt(),
        k.revokeReason(),
        rotation,
        k.permissions(),
        k.roles(),
        k.condition(),
        WireLimits.rateLimits(k.limits().rates()),
        credits,
        lastUse == null ? null : lastUse.at(),
        lastUse == null ? null : lastUse.address().orElse(null));
  }

  static void checkId(String id) {
    if (!Ids.isValid("key", id)) {
      throw InvalidInputException.of("id", "is not a key_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("key", id);
  }
}
