package dev.latchkey.core.manage;

import dev.latchkey.api.Role;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.KeyRow;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a key may do — direct grants, roles, a condition — as a create or a PATCH asks for it:
 * checked, roles resolved, and held to the no-escalation rule. A caller gives only grants it may
 * give, counting the grants of every role it hands out; and it changes the access of an existing
 * key only if it may give everything the key held before too, so a narrow root key cannot strip the
 * condition off, or re-shape, a key more powerful than itself.
 */
final class KeyAccess {
  /** Most roles one key may hold. */
  static final int MAX_ROLES = 32;

  private static final int MAX_ROLE_REF = 128;

  private final Conditions conditions;

  KeyAccess(Conditions conditions) {
    this.conditions = conditions;
  }

  /**
   * The access a request asks for. A null component was absent (unchanged on a PATCH, nothing on a
   * create); an empty {@code condition} removes it.
   */
  @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
  record Requested(List<Grant> permissions, List<String> roles, Optional<String> condition) {
    boolean isEmpty() {
      return permissions == null && roles == null && condition == null;
    }

    /** The names of the fields it changes. */
    List<String> fields() {
      List<String> fields = new ArrayList<>();
      if (permissions != null) {
        fields.add("permissions");
      }
      if (roles != null) {
        fields.add("roles");
      }
      if (condition != null) {
        fields.add("condition");
      }
      return fields;
    }
  }

  /** The access a key ends up with: stored forms, and every grant it holds through them. */
  record Granted(List<String> permissions, List<String> roleIds, String condition) {
    void describeInto(Map<String, Object> details) {
      details.put("permissions", permissions);
      details.put("roles", roleIds);
      if (condition != null) {
        details.put("condition", condition);
      }
    }
  }

  /** Checks the fields' form (not yet against the store), collecting errors in {@code v}. */
  @SuppressWarnings("OptionalUsedAsFieldOrParameterType")
  Requested validate(
      Validation v, List<String> permissions, List<String> roles, Optional<String> condition) {
    List<Grant> grants = v.grants("permissions", permissions);
    if (roles != null) {
      if (roles.size() > MAX_ROLES) {
        v.fail("roles", "must list at most " + MAX_ROLES + " roles");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (int i = 0; i < roles.size(); i++) {
        String ref = roles.get(i);
        if (ref == null || ref.isBlank() || ref.length() > MAX_ROLE_REF) {
          v.fail("roles[" + i + "]", "must be a role id or name of 1 to 128 characters");
        } else if (!seen.add(ref)) {
          v.fail("roles[" + i + "]", "is listed twice");
        }
      }
    }
    if (condition != null && condition.isPresent()) {
      v.condition("condition", condition.get(), conditions);
    }
    return new Requested(grants, roles, condition);
  }

  /**
   * Resolves roles and applies the no-escalation rule to what the key will hold, for a new key
   * ({@code old} empty) or a change to {@code old}; what {@code old} holds already, the caller has
   * checked with {@link #requireCovers} before changing anything.
   *
   * @throws InvalidInputException naming a role that does not exist
   * @throws ForbiddenException when the caller may not give, or may not take back, some grant
   */
  Granted resolve(MutationContext m, Requested requested, Optional<KeyRow> old) {
    Principal caller = m.caller().principal();
    List<Grant> direct =
        requested.permissions() != null
            ? requested.permissions()
            : old.map(k -> Grants.parseStored(k.permissions())).orElse(List.of());
    List<Role> roles =
        requested.roles() != null
            ? resolveRoles(m, requested.roles())
            : old.map(k -> storedRoles(m, k.roles())).orElse(List.of());
    String condition =
        requested.condition() != null
            ? requested.condition().orElse(null)
            : old.map(KeyRow::condition).orElse(null);
    requireGrantable(caller, effective(direct, roles), "give");
    return new Granted(Grants.render(direct), roles.stream().map(Role::id).toList(), condition);
  }

  /**
   * Refuses a caller that may not give every grant {@code key} holds (directly or through its
   * roles): it may not change, rotate or re-enable such a key either, since it could then use or
   * hand on access it could not create. A change of metadata or of the enabled flag or expiry is a
   * change of access too: conditions read the metadata, and the flag and expiry decide whether the
   * key verifies at all.
   *
   * @throws ForbiddenException naming the grants it may not give
   */
  static void requireCovers(MutationContext m, KeyRow key, String verb) {
    requireGrantable(
        m.caller().principal(),
        effective(Grants.parseStored(key.permissions()), storedRoles(m, key.roles())),
        verb);
  }

  /**
   * Refuses a caller that may not give every one of {@code grants}, naming those it may not.
   *
   * @param verb what it was trying to do, e.g. "give" or "change a role granting"
   */
  static void requireGrantable(Principal caller, List<Grant> grants, String verb) {
    List<Grant> refused = caller.ungrantable(grants);
    if (!refused.isEmpty()) {
      throw new ForbiddenException(
          "this root key may not "
              + verb
              + " "
              + Grants.render(refused)
              + " (its key_permissions do not cover them)");
    }
  }

  private static List<Grant> effective(List<Grant> direct, List<Role> roles) {
    List<Grant> all = new ArrayList<>(direct);
    for (Role role : roles) {
      all.addAll(Grants.parseStored(role.permissions()));
    }
    return all;
  }

  private static List<Role> resolveRoles(MutationContext m, List<String> refs) {
    List<Role> roles = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    for (int i = 0; i < refs.size(); i++) {
      String ref = refs.get(i);
      Optional<Role> role =
          Ids.isValid("role", ref)
              ? m.tx().roles().find(m.workspaceId(), ref)
              : m.tx().roles().findByName(m.workspaceId(), ref);
      if (role.isEmpty()) {
        throw InvalidInputException.of("roles[" + i + "]", "no such role");
      }
      if (ids.add(role.get().id())) {
        roles.add(role.get());
      }
    }
    return roles;
  }

  /**
   * The roles a key holds; a role that vanished (never expected: roles are not deleted) counts as
   * nothing.
   */
  private static List<Role> storedRoles(MutationContext m, List<String> ids) {
    List<Role> roles = new ArrayList<>();
    for (String id : ids) {
      m.tx().roles().find(m.workspaceId(), id).ifPresent(roles::add);
    }
    return roles;
  }
}
