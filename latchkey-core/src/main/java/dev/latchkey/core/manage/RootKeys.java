package dev.latchkey.core.manage;

import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.IssuedRootKey;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.RootKey;
import dev.latchkey.core.access.Permission;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Use cases of root keys. No escalation: a caller grants only permissions it holds itself, and
 * {@code *} only if it holds {@code *}. Thread-safe.
 */
public final class RootKeys {
  private final Store store;

  public RootKeys(Store store) {
    this.store = store;
  }

  public IssuedRootKey create(MutationContext m, CreateRootKey cmd) {
    Validation v = new Validation();
    v.text("name", v.required("name", cmd.name()), Validation.MAX_NAME);
    v.future("expires_at", cmd.expiresAt(), m.now());
    Set<Permission> wanted = EnumSet.noneOf(Permission.class);
    if (cmd.permissions() == null) {
      v.fail("permissions", "is required");
    } else {
      if (cmd.permissions().isEmpty()) {
        v.fail("permissions", "must name at least one permission");
      }
      for (int i = 0; i < cmd.permissions().size(); i++) {
        String field = "permissions[" + i + "]";
        Permission.ofWireName(String.valueOf(cmd.permissions().get(i)))
            .ifPresentOrElse(wanted::add, () -> v.fail(field, "unknown permission"));
      }
    }
    v.throwIfAny();
    if (!m.caller().principal().holdsAll(wanted)) {
      throw new ForbiddenException("a root key can only grant permissions it holds");
    }
    return issue(m, cmd.name(), wanted, cmd.expiresAt());
  }

  /** Issues a root key without the escalation check: bootstrap only. */
  static IssuedRootKey issue(
      MutationContext m, String name, Set<Permission> permissions, java.time.Instant expiresAt) {
    return issue(m, name, permissions, expiresAt, KeyFormat.generateRoot());
  }

  static IssuedRootKey issue(
      MutationContext m,
      String name,
      Set<Permission> permissions,
      java.time.Instant expiresAt,
      Secret secret) {
    String id = Ids.newId("rk");
    List<String> names = permissions.stream().map(Permission::wireName).sorted().toList();
    RootKeyRow row =
        new RootKeyRow(
            id, m.workspaceId(), name, secret.start(), names, expiresAt, m.now(), null, null);
    m.tx().rootKeys().insert(row);
    m.tx().secrets().insert(new SecretRow(secret.digest(), id, secret.start(), m.now(), null));
    m.changed("root_key", id, "created", Map.of("permissions", names));
    return new IssuedRootKey(secret.reveal(), toApi(row));
  }

  public RootKey revoke(MutationContext m, String id, RevokeKey cmd) {
    Validation v = new Validation();
    v.id("id", "rk", id);
    v.text("reason", cmd.reason(), Validation.MAX_REASON);
    v.throwIfAny();
    RootKeyRow old = m.tx().rootKeys().find(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    if (old.revokedAt() != null) {
      return toApi(old);
    }
    RootKeyRow revoked =
        new RootKeyRow(
            id,
            old.workspaceId(),
            old.name(),
            old.start(),
            old.permissions(),
            old.expiresAt(),
            old.createdAt(),
            m.now(),
            cmd.reason());
    m.tx().rootKeys().update(revoked);
    Map<String, Object> details = new LinkedHashMap<>();
    if (cmd.reason() != null) {
      details.put("reason", cmd.reason());
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
        r.revokeReason());
  }

  private static NotFoundException notFound(String id) {
    return new NotFoundException("root key", id);
  }
}
