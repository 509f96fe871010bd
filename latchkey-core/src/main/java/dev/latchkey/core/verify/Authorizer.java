package dev.latchkey.core.verify;

import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.PermissionQuery;
import dev.latchkey.core.access.condition.Condition;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.store.KeyRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The access steps of verification, after the key is known to be live and of the right service: the
 * key's condition, then the permission query against its direct grants and the grants of its roles
 * whose conditions hold. Records what was exercised for the access report.
 *
 * <p>A query that only a role held back by its condition would satisfy is {@code CONDITION_FAILED};
 * one that no grant of the key satisfies is {@code INSUFFICIENT_PERMISSIONS}, listing what was
 * missing. A condition that cannot be evaluated denies. Thread-safe.
 */
final class Authorizer {
  /**
   * The outcome of the access steps; {@code missing} is set with {@code INSUFFICIENT_PERMISSIONS}.
   */
  record Decision(VerifyCode code, List<String> missing) {
    static final Decision ALLOW = new Decision(VerifyCode.VALID, null);
    static final Decision CONDITION_FAILED = new Decision(VerifyCode.CONDITION_FAILED, null);
  }

  private static final String KEY_SOURCE = "key";

  private final RoleCache roles;
  private final AccessUsage usage;

  Authorizer(RoleCache roles, AccessUsage usage) {
    this.roles = roles;
    this.usage = usage;
  }

  Decision decide(KeyRow key, AccessPlan plan, Check check, Instant now) {
    ConditionInput input = null;
    if (plan.condition().isPresent()) {
      input = new ConditionInput(check.request(), plan.keyInput(), now);
      usage.conditionEvaluated(key.workspaceId(), key.id(), KEY_SOURCE);
      if (plan.condition().get().evaluate(input) != Condition.Result.ALLOWED) {
        return Decision.CONDITION_FAILED;
      }
    }
    PermissionQuery query = check.query();
    if (query == null) {
      return Decision.ALLOW;
    }
    if (plan.roleIds().isEmpty()) {
      return judge(
          key,
          query,
          plan.direct(),
          Collections.nCopies(plan.direct().size(), KEY_SOURCE),
          List.of());
    }
    List<Grant> held = new ArrayList<>(plan.direct());
    List<String> sources = new ArrayList<>(Collections.nCopies(held.size(), KEY_SOURCE));
    List<Grant> heldBack = new ArrayList<>();
    for (String roleId : plan.roleIds()) {
      Optional<RoleCache.CompiledRole> found = roles.get(key.workspaceId(), roleId);
      if (found.isEmpty()) {
        continue;
      }
      RoleCache.CompiledRole role = found.get();
      boolean holds = true;
      if (role.condition().isPresent()) {
        if (input == null) {
          input = new ConditionInput(check.request(), plan.keyInput(), now);
        }
        usage.conditionEvaluated(key.workspaceId(), key.id(), roleId);
        holds = role.condition().get().evaluate(input) == Condition.Result.ALLOWED;
      }
      if (holds) {
        held.addAll(role.grants());
        sources.addAll(Collections.nCopies(role.grants().size(), roleId));
      } else {
        heldBack.addAll(role.grants());
      }
    }
    return judge(key, query, held, sources, heldBack);
  }

  private Decision judge(
      KeyRow key,
      PermissionQuery query,
      List<Grant> held,
      List<String> sources,
      List<Grant> heldBack) {
    if (query.satisfiedBy(held)) {
      query.forEachExercised(held, required -> recordExercise(key, held, sources, required));
      return Decision.ALLOW;
    }
    if (!heldBack.isEmpty()) {
      List<Grant> all = new ArrayList<>(held);
      all.addAll(heldBack);
      if (query.satisfiedBy(all)) {
        return Decision.CONDITION_FAILED;
      }
    }
    return new Decision(VerifyCode.INSUFFICIENT_PERMISSIONS, Grants.render(query.missing(held)));
  }

  /** Records the narrowest grant that covered {@code required}: exact, then resource:*, then *. */
  private void recordExercise(KeyRow key, List<Grant> held, List<String> sources, Grant required) {
    int best = -1;
    int bestBreadth = Integer.MAX_VALUE;
    for (int i = 0; i < held.size(); i++) {
      Grant g = held.get(i);
      if (g.covers(required)) {
        int breadth = breadth(g);
        if (breadth < bestBreadth) {
          best = i;
          bestBreadth = breadth;
        }
      }
    }
    if (best >= 0) {
      usage.exercised(key.workspaceId(), key.id(), sources.get(best), held.get(best), required);
    }
  }

  private static int breadth(Grant g) {
    if (g.resource().equals("*")) {
      return 2;
    }
    return g.action().equals("*") ? 1 : 0;
  }
}
