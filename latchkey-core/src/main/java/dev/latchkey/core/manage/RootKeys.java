package dev.latchkey.core.manage;

import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RootKey;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.ServiceScope;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Use cases of root keys. No escalation, in either direction:
 *
 * <ul>
 *   <li>a caller grants only permissions it holds itself, {@code *} only if it holds {@code *};
 *   <li>a caller confined to services creates only root keys confined to some of them;
 *   <li>a caller passes on only key grants it may give itself;
 *   <li>what a caller creates expires no later than the caller itself (it inherits the caller's
 *       expiry when none is asked for);
 *   <li>a caller revokes only root keys whose permissions, services and key grants it holds, so a
 *       narrow key cannot disarm a broader one;
 *   <li>the last live root key holding {@code *} cannot be revoked, or nobody could manage the
 *       workspace again.
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class RootKeys {
  /** Most services one root key may be confined to. */
  static final int MAX_SERVICES = 64;

  private final Store store;

  public RootKeys(Store store) {
    this.store = store;
  }

  public IssuedRootKey create(MutationContext m, CreateRootKey cmd) {
    Validation v = new Validation();
    String name = v.text("name", v.required("name", cmd.name()), Validation.MAX_NAME);
    Instant expiresAt = v.deadline("expires_at", cmd.expiresAt(), m.now());
    Set<Permission> wanted = permissions(v, cmd.permissions());
    ServiceScope scope = scope(v, cmd.services());
    List<Grant> keyPermissions = v.grants("key_permissions", cmd.keyPermissions());
    v.throwIfAny();
    if (keyPermissions == null) {
      keyPermissions = List.of();
    }
    Principal caller = m.caller().principal();
    if (!caller.holdsAll(wanted)) {
      throw new ForbiddenException("a root key can only grant permissions it holds");
    }
    // Scope before existence: a confined caller learns nothing about services outside it.
    if (!caller.services().covers(scope)) {
      throw new ForbiddenException(
          "a root key confined to services can only create root keys confined to some of them");
    }
    for (String serviceId : scope.serviceIds().orElse(Set.of())) {
      if (m.tx().services().find(m.workspaceId(), serviceId).isEmpty()) {
        throw InvalidInputException.of("services", "no such service: " + serviceId);
      }
    }
    KeyAccess.requireGrantable(caller, keyPermissions, "pass on the key permissions");
    Optional<Instant> limit = caller.expiresAt();
    if (limit.isPresent()) {
      if (expiresAt == null) {
        expiresAt = limit.get();
      } else if (expiresAt.isAfter(limit.get())) {
        throw new ForbiddenException("a root key cannot create one that outlives it");
      }
    }
    return issue(
        m, name, new Powers(wanted, scope, keyPermissions), expiresAt, KeyFormat.generateRoot());
  }

  /** What a root key may do: management permissions, services, key grants it may give. */
  record Powers(Set<Permission> permissions, ServiceScope services, List<Grant> keyPermissions) {
    static Powers everything() {
      return new Powers(EnumSet.of(Permission.ALL), ServiceScope.all(), List.of());
    }
  }

  private static ServiceScope scope(Validation v, List<String> serviceIds) {
    if (serviceIds == null) {
      return ServiceScope.all();
    }
    if (serviceIds.isEmpty() || serviceIds.size() > MAX_SERVICES) {
      v.fail("services", "must list 1 to " + MAX_SERVICES + " service ids, or be absent for all");
    }
    boolean wellFormed = true;
    for (int i = 0; i < serviceIds.size(); i++) {
      String id = serviceIds.get(i);
      if (id == null || !dev.latchkey.core.secret.Ids.isValid("svc", id)) {
        v.fail("services[" + i + "]", "is not a svc_ id");
        wellFormed = false;
      }
    }
    return wellFormed ? ServiceScope.of(serviceIds) : ServiceScope.all();
  }

  private static Set<Permission> permissions(Validation v, List<String> names) {
    Set<Permission> wanted = EnumSet.noneOf(Permission.class);
    if (v.required("permissions", names) == null) {
      return wanted;
    }
    if (names.isEmpty()) {
      v.fail("permissions", "must name at least one permission");
    }
    for (int i = 0; i < names.size(); i++) {
      String field = "permissions[" + i + "]";
      Permission.ofWireName(String.valueOf(names.get(i)))
          .ifPresentOrElse(wanted::add, () -> v.fail(field, "unknown permission"));
    }
    return wanted;
  }

  /** Issues a root key with no escalation check: {@link Bootstrap} and {@link #create} only. */
  static IssuedRootKey issue(
      MutationContext m, String name, Powers powers, Instant expiresAt, Secret secret) {
    String id = Ids.newId("rk");
    List<String> names = powers.permissions().stream().map(Permission::wireName).sorted().toList();
    List<String> services =
        powers.services().serviceIds().map(ids -> ids.stream().sorted().toList()).orElse(null);
    RootKeyRow row =
        new RootKeyRow(
            id,
            m.workspaceId(),
            name,
            secret.start(),
            names,
            expiresAt,
            m.now(),
            null,
            null,
            services,
            Grants.render(powers.keyPermissions()));
    m.tx().rootKeys().insert(row);
    m.tx()
        .secrets()
        .insert(new SecretRow(m.workspaceId(), secret.digest(), id, secret.start(), m.now(), null));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("permissions", names);
    if (services != null) {
      details.put("services", services);
    }
    if (!row.keyPermissions().isEmpty()) {
      details.put("key_permissions", row.keyPermissions());
    }
    m.changed("root_key", id, "created", details);
    return new IssuedRootKey(secret.reveal(), toApi(row));
  }

  public RootKey revoke(MutationContext m, String id, RevokeKey cmd) {
    Validation v = new Validation();
    v.id("id", "rk", id);
    String reason = v.text("reason", cmd.reason(), Validation.MAX_REASON);
    v.throwIfAny();
    RootKeyRow target = m.tx().rootKeys().find(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    // Lock order: all live '*' keys (in id order) before the target, so revocations racing for
    // the last '*' keys queue up instead of deadlocking or both succeeding.
    long liveWildcards =
        target.holdsAll() ? m.tx().rootKeys().countLiveHoldingAll(m.workspaceId(), m.now()) : 0;
    RootKeyRow old =
        m.tx().rootKeys().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    if (old.revokedAt() != null) {
      return toApi(old);
    }
    Set<Permission> held = EnumSet.noneOf(Permission.class);
    old.permissions().forEach(p -> Permission.ofWireName(p).ifPresent(held::add));
    Principal caller = m.caller().principal();
    if (!caller.holdsAll(held)
        || !caller.services().covers(ServiceScope.fromStored(old.services()))
        || !caller.ungrantable(Grants.parseStored(old.keyPermissions())).isEmpty()) {
      throw new ForbiddenException(
          "a root key can only revoke root keys whose permissions, services and key permissions"
              + " it holds");
    }
    if (old.holdsAll()
        && (old.expiresAt() == null || old.expiresAt().isAfter(m.now()))
        && liveWildcards <= 1) {
      throw new ConflictException(
          "id", "the last live root key holding * cannot be revoked; create another first");
    }
    RootKeyRow revoked = old.revoked(m.now(), reason);
    m.tx().rootKeys().update(revoked);
    Map<String, Object> details = new LinkedHashMap<>();
    if (reason != null) {
      details.put("reason", reason);
    }
    m.changed("root_key", id, "revoked", details);
    return toApi(revoked);
  }

  public RootKey get(Principal p, String id) {
    if (!Ids.isValid("rk", id)) {
      throw InvalidInputException.of("id", "is not a rk_ id");
    }
    return toApi(
        store.read(tx -> tx.rootKeys().find(p.workspaceId(), id)).orElseThrow(() -> notFound(id)));
  }

  public Slice<RootKey> list(Principal p, PageRequest page) {
    Slice<RootKeyRow> rows = store.read(tx -> tx.rootKeys().list(p.workspaceId(), page));
    return new Slice<>(rows.items().stream().map(RootKeys::toApi).toList(), rows.next());
  }

  static RootKey toApi(RootKeyRow r) {
    return new RootKey(
        r.id(),
        r.name(),
        r.start(),
        r.permissions(),
        r.expiresAt(),
        r.createdAt(),
        r.revokedAt(),
        r.revokeReason(),
        r.services(),
        r.keyPermissions());
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("root key", id);
  }
}
