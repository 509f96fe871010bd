package dev.latchkey.core.manage;

import dev.latchkey.api.AccessReport.GrantUse;
import dev.latchkey.api.AccessReport.PermissionUse;
import dev.latchkey.api.AccessReport.Suggestion;
import dev.latchkey.api.Key;
import dev.latchkey.api.Role;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.store.AccessUsageRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The narrower grant a key could hold, judged by what it exercised in the window; only built when
 * it exercised something, so that a key never verified with permissions is not told to drop all.
 *
 * <p>Direct grants: one never used is dropped; a wildcard ({@code orders:*}, {@code *}) is replaced
 * by the permissions it was used for, unless that would take more than {@link Grants#MAX} grants.
 * Roles: one none of whose grants was used is dropped; one partly used is kept whole, since a role
 * is shared by other keys, and the reasons say which of its grants went unused. Every suggested
 * grant is covered by one the key holds: it never widens.
 */
final class Narrowing {
  private final Key key;
  private final List<Role> roles;
  private final List<GrantUse> grants;
  private final String window;
  private final List<String> reasons = new ArrayList<>();

  Narrowing(Key key, List<Role> roles, List<GrantUse> grants, int days) {
    this.key = key;
    this.roles = roles;
    this.grants = grants;
    this.window = days == 1 ? "today" : "in the last " + days + " days";
  }

  Suggestion suggestion() {
    List<String> permissions = directGrants(true);
    if (permissions.size() > Grants.MAX) {
      reasons.clear();
      permissions = directGrants(false);
      reasons.add(
          "narrowing the wildcards would take more than " + Grants.MAX + " grants; they are kept");
    }
    List<String> kept = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    judgeRoles(kept, removed);
    boolean narrower = !permissions.equals(key.permissions()) || !removed.isEmpty();
    if (reasons.isEmpty()) {
      reasons.add("every grant was used " + window);
    }
    return new Suggestion(narrower, permissions, kept, removed, List.copyOf(reasons));
  }

  private List<String> directGrants(boolean narrowWildcards) {
    Set<String> suggested = new LinkedHashSet<>();
    for (GrantUse g : grants) {
      if (!g.source().equals(AccessUsageRow.SOURCE_KEY)) {
        continue;
      }
      if (g.unused()) {
        reasons.add(g.grant() + " was not used " + window);
        continue;
      }
      List<String> usedFor = g.usedFor().stream().map(PermissionUse::permission).toList();
      if (narrowWildcards && isWildcard(g.grant()) && !usedFor.contains(g.grant())) {
        suggested.addAll(usedFor);
        reasons.add(g.grant() + " was used only for " + String.join(", ", usedFor));
      } else {
        suggested.add(g.grant());
      }
    }
    if (suggested.size() > 4 * Grants.MAX) {
      // Far too many to suggest anyway (the caller falls back); comparing them pairwise would
      // let whoever chooses the queries make this report slow.
      return List.copyOf(suggested);
    }
    return withoutCovered(suggested);
  }

  /** Drops each grant another one covers ({@code orders:read} beside {@code orders:*}). */
  private List<String> withoutCovered(Set<String> suggested) {
    Map<String, Grant> parsed = new LinkedHashMap<>();
    suggested.forEach(text -> parsed.put(text, Grant.parse(text)));
    List<String> kept = new ArrayList<>();
    for (String grant : suggested) {
      String wider =
          suggested.stream()
              .filter(other -> !other.equals(grant) && parsed.get(other).covers(parsed.get(grant)))
              .findFirst()
              .orElse(null);
      if (wider == null) {
        kept.add(grant);
      } else {
        reasons.add(grant + " is covered by " + wider);
      }
    }
    return List.copyOf(kept);
  }

  private void judgeRoles(List<String> kept, List<String> removed) {
    Map<String, Role> byId =
        roles.stream().collect(Collectors.toMap(Role::id, Function.identity(), (a, b) -> a));
    for (String id : key.roles()) {
      Role role = byId.get(id);
      if (role == null) {
        removed.add(id);
        reasons.add("role " + id + " no longer exists");
        continue;
      }
      List<String> unused = unusedOf(role);
      if (unused.size() == role.permissions().size()) {
        removed.add(id);
        reasons.add("role " + label(role) + " was not used " + window);
        continue;
      }
      kept.add(id);
      if (!unused.isEmpty()) {
        reasons.add(
            "role "
                + label(role)
                + " is kept whole, as roles are shared, though "
                + String.join(", ", unused)
                + (unused.size() == 1 ? " was" : " were")
                + " not used by this key");
      }
    }
  }

  private List<String> unusedOf(Role role) {
    return grants.stream()
        .filter(g -> g.source().equals(role.id()) && g.unused())
        .map(GrantUse::grant)
        .toList();
  }

  private static String label(Role role) {
    return role.name() + " (" + role.id() + ")";
  }

  private static boolean isWildcard(String grant) {
    return grant.equals("*") || grant.endsWith(":*");
  }
}
