package dev.latchkey.core.manage;

import dev.latchkey.api.CreateRole;
import dev.latchkey.api.Role;
import dev.latchkey.api.UpdateRole;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Slice;
import dev.latchkey.core.store.Store;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Use cases of roles: named sets of key grants of a workspace, with an optional condition.
 *
 * <p>A role is workspace-wide, and every key holding it changes with it, whatever its service. So
 * only a root key confined to no service may create or change roles, and only with grants it may
 * give ({@link Principal#mayGrant}). Changing a role (even renaming it or lifting its condition)
 * also needs every grant it held before: a narrow caller cannot alter a role broader than itself.
 * An empty list of permissions is allowed: the role grants nothing until it is filled.
 *
 * <p>Thread-safe.
 */
public final class Roles {
  /** Most characters of a description. */
  static final int MAX_DESCRIPTION = 1024;

  private final Store store;
  private final Conditions conditions;

  /**
   * Use cases over {@code store}; conditions are checked by compiling them with {@code conditions}.
   */
  public Roles(Store store, Conditions conditions) {
    this.store = store;
    this.conditions = conditions;
  }

  /**
   * Creates a role.
   *
   * @throws ForbiddenException when the caller is confined to services, or may not give a grant
   * @throws InvalidInputException naming each bad field; nothing is created
   */
  public Role create(MutationContext m, CreateRole cmd) {
    Principal caller = m.caller().principal();
    requireUnconfined(caller);
    Validation v = new Validation();
    String name = name(v, v.required("name", cmd.name()));
    String description = description(v, cmd.description());
    List<Grant> grants =
        Objects.requireNonNullElse(
            v.grants("permissions", v.required("permissions", cmd.permissions())), List.of());
    String condition = v.condition("condition", cmd.condition(), conditions);
    v.throwIfAny();
    KeyAccess.requireGrantable(caller, grants, "give");
    Role role =
        new Role(
            Ids.newId("role"),
            name,
            description,
            Grants.render(grants),
            condition,
            m.now(),
            m.now());
    m.tx().roles().insert(m.workspaceId(), role);
    m.changed(
        "role", role.id(), "created", Map.of("name", name, "permissions", role.permissions()));
    return role;
  }

  /**
   * Changes the fields {@code cmd} names; an empty {@code description} or {@code condition} removes
   * it.
   *
   * @throws ForbiddenException when the caller is confined to services, or may not give a grant the
   *     role holds or is to hold
   * @throws NotFoundException when the workspace has no role with this id
   */
  public Role update(MutationContext m, String id, UpdateRole cmd) {
    Principal caller = m.caller().principal();
    requireUnconfined(caller);
    Validation v = new Validation();
    v.id("id", "role", id);
    String name = name(v, cmd.name());
    String description =
        cmd.description() == null ? null : description(v, cmd.description().orElse(null));
    List<Grant> grants = v.grants("permissions", cmd.permissions());
    String condition =
        cmd.condition() == null
            ? null
            : v.condition("condition", cmd.condition().orElse(null), conditions);
    v.throwIfAny();
    Role old = m.tx().roles().findForUpdate(m.workspaceId(), id).orElseThrow(() -> notFound(id));
    KeyAccess.requireGrantable(
        caller, Grants.parseStored(old.permissions()), "change a role granting");
    if (grants != null) {
      KeyAccess.requireGrantable(caller, grants, "give");
    }
    Role updated =
        new Role(
            id,
            name == null ? old.name() : name,
            cmd.description() == null ? old.description() : description,
            grants == null ? old.permissions() : Grants.render(grants),
            cmd.condition() == null ? old.condition() : condition,
            old.createdAt(),
            m.now());
    m.tx().roles().update(m.workspaceId(), updated);
    m.changed("role", id, "updated", details(cmd, updated));
    return updated;
  }

  /**
   * One role of the caller's workspace.
   *
   * @throws InvalidInputException when {@code id} is not a role id
   * @throws NotFoundException when the workspace has none with this id
   */
  public Role get(Principal p, String id) {
    checkId(id);
    return store.read(tx -> tx.roles().find(p.workspaceId(), id)).orElseThrow(() -> notFound(id));
  }

  /** One page of the caller's workspace's roles, newest first. */
  public Slice<Role> list(Principal p, PageRequest page) {
    return store.read(tx -> tx.roles().list(p.workspaceId(), page));
  }

  private static void requireUnconfined(Principal caller) {
    if (caller.services().confined()) {
      throw new ForbiddenException(
          "roles are workspace-wide: only a root key confined to no service may create or change"
              + " them");
    }
  }

  /**
   * A name as {@link Validation#text} wants it, and not of the form of a role id: keys name their
   * roles by id or by name, and a name that reads as an id would be ambiguous.
   */
  private static String name(Validation v, String name) {
    String nfc = v.text("name", name, Validation.MAX_NAME);
    if (nfc != null && Ids.isValid("role", nfc)) {
      v.fail("name", "must not have the form of a role id");
    }
    return nfc;
  }

  /** Free text in NFC: up to {@link #MAX_DESCRIPTION} characters; tabs and line feeds allowed. */
  static String description(Validation v, String text) {
    if (text == null) {
      return null;
    }
    String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
    if (nfc.codePointCount(0, nfc.length()) > MAX_DESCRIPTION) {
      v.fail("description", "must be at most " + MAX_DESCRIPTION + " characters");
    } else if (!prose(nfc)) {
      v.fail(
          "description",
          "must not contain control characters other than tab and line feed, nor unpaired"
              + " surrogates");
    }
    return nfc;
  }

  private static boolean prose(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)
          || (Character.getType(c) == Character.CONTROL && c != '\t' && c != '\n')) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> details(UpdateRole cmd, Role updated) {
    List<String> fields = new ArrayList<>();
    if (cmd.name() != null) {
      fields.add("name");
    }
    if (cmd.description() != null) {
      fields.add("description");
    }
    if (cmd.permissions() != null) {
      fields.add("permissions");
    }
    if (cmd.condition() != null) {
      fields.add("condition");
    }
    return cmd.permissions() == null
        ? Map.of("fields", fields)
        : Map.of("fields", fields, "permissions", updated.permissions());
  }

  static void checkId(String id) {
    if (!Ids.isValid("role", id)) {
      throw InvalidInputException.of("id", "is not a role_ id");
    }
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("role", id);
  }
}
