package dev.latchkey.core.manage;

import dev.latchkey.api.AccessReport;
import dev.latchkey.api.AccessReport.ConditionUse;
import dev.latchkey.api.AccessReport.GrantUse;
import dev.latchkey.api.AccessReport.PermissionUse;
import dev.latchkey.api.Key;
import dev.latchkey.api.Role;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.AccessUse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds an {@link AccessReport} from a key, its roles and what it exercised in the window. Pure:
 * no store, no clock. The suggestion comes from {@link Narrowing}.
 */
final class AccessAnalysis {
  private final Map<String, List<PermissionUse>> usesByGrant = new HashMap<>();
  private final Map<String, Instant> evaluations = new HashMap<>();

  private AccessAnalysis(List<AccessUse> uses) {
    for (AccessUse use : uses) {
      if (use.isCondition()) {
        evaluations.merge(use.source(), use.lastAt(), AccessAnalysis::later);
      } else if (covers(use.grant(), use.permission())) {
        usesByGrant
            .computeIfAbsent(grantKey(use.source(), use.grant()), k -> new ArrayList<>())
            .add(new PermissionUse(use.permission(), use.lastAt()));
      }
    }
    usesByGrant.values().forEach(l -> l.sort(Comparator.comparing(PermissionUse::permission)));
  }

  /**
   * The report of {@code key} holding {@code roles} (those of its role ids that exist), given
   * {@code uses} over the window from {@code from} to {@code to} ({@code days} UTC days).
   */
  static AccessReport of(
      Key key, List<Role> roles, List<AccessUse> uses, int days, Instant from, Instant to) {
    AccessAnalysis analysis = new AccessAnalysis(uses);
    List<GrantUse> grants = analysis.grants(key, roles);
    boolean exercised = grants.stream().anyMatch(g -> !g.unused());
    return new AccessReport(
        key.id(),
        days,
        from,
        to,
        exercised,
        grants,
        analysis.conditions(key, roles),
        exercised ? new Narrowing(key, roles, grants, days).suggestion() : null);
  }

  private List<GrantUse> grants(Key key, List<Role> roles) {
    List<GrantUse> grants = new ArrayList<>();
    for (String grant : key.permissions()) {
      grants.add(grantUse(AccessUsageRow.SOURCE_KEY, null, grant));
    }
    for (Role role : roles) {
      for (String grant : role.permissions()) {
        grants.add(grantUse(role.id(), role.name(), grant));
      }
    }
    return grants;
  }

  private GrantUse grantUse(String source, String roleName, String grant) {
    List<PermissionUse> used = usesByGrant.getOrDefault(grantKey(source, grant), List.of());
    Optional<Instant> last =
        used.stream().map(PermissionUse::lastAt).max(Comparator.naturalOrder());
    return new GrantUse(
        source, roleName, grant, used.isEmpty(), last.orElse(null), List.copyOf(used));
  }

  private List<ConditionUse> conditions(Key key, List<Role> roles) {
    List<ConditionUse> conditions = new ArrayList<>();
    if (key.condition() != null) {
      conditions.add(conditionUse(AccessUsageRow.SOURCE_KEY, null, key.condition()));
    }
    for (Role role : roles) {
      if (role.condition() != null) {
        conditions.add(conditionUse(role.id(), role.name(), role.condition()));
      }
    }
    return conditions;
  }

  private ConditionUse conditionUse(String source, String roleName, String expression) {
    Instant last = evaluations.get(source);
    return new ConditionUse(source, roleName, expression, last != null, last);
  }

  /**
   * Whether {@code grant} covers {@code permission}; a recorded use that it does not (never
   * expected) is ignored, so a suggestion can never hold more than the grant it narrows.
   */
  private static boolean covers(String grant, String permission) {
    try {
      return Grant.parse(grant).covers(Grant.parse(permission));
    } catch (IllegalArgumentException e) {
      return false; // unreadable: tells nothing about what the key needs
    }
  }

  private static String grantKey(String source, String grant) {
    return source + '\n' + grant;
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
