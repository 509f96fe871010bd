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
 * whose conditions hold. Records what was exercised for the access report: each required permission
 * of the way the query was satisfied, credited to the narrowest grant that covered it (exact, then
 * {@code resource:*}, then {@code *}).
 *
 * <p>A query that only a role held back by its condition would satisfy is {@code CONDITION_FAILED};
 * one that no grant of the key satisfies is {@code INSUFFICIENT_PERMISSIONS}, listing what was
 * missing. A condition that cannot be evaluated denies. Thread-safe.
 */
final class Authorizer {
  /**
   * The outcome of the access steps; {@code missing} is set with {@code INSUFFICIENT_PERMISSIONS};
   * {@code conditional} when a condition was evaluated, so the outcome depends on the request's
   * attributes and the time.
   */
  record Decision(VerifyCode code, List<String> missing, boolean conditional) {
    static final Decision ALLOW = new Decision(VerifyCode.VALID, null, false);
    static final Decision CONDITION_FAILED = new Decision(VerifyCode.CONDITION_FAILED, null, true);
  }

  /** The source of a grant or condition the key holds itself, rather than through a role. */
  static final String KEY_SOURCE = "key";

  private final RoleCache roles;
  private final AccessUsage usage;

  Authorizer(RoleCache roles, AccessUsage usage) {
    this.roles = roles;
    this.usage = usage;
  }

  /**
   * @param now the time conditions see
   */
  Decision decide(KeyRow key, AccessPlan plan, Check check, Instant now) {
    long at = now.toEpochMilli();
    ConditionInput input = null;
    if (plan.condition().isPresent()) {
      input = new ConditionInput(check.request(), plan.keyInput(), now);
      usage.record(plan.conditionUse(), at);
      if (plan.condition().get().evaluate(input) != Condition.Result.ALLOWED) {
        return Decision.CONDITION_FAILED;
      }
    }
    PermissionQuery query = check.query();
    if (query == null) {
      return input == null ? Decision.ALLOW : new Decision(VerifyCode.VALID, null, true);
    }
    if (plan.roleIds().isEmpty()) {
      AccessPlan.Judgement j =
          plan.judge(
              query,
              q ->
                  judge(
                      key,
                      q,
                      plan.direct(),
                      Collections.nCopies(plan.direct().size(), KEY_SOURCE)));
      return outcome(j, false, input != null, at);
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
        usage.record(AccessUsage.Use.condition(key.workspaceId(), key.id(), roleId), at);
        holds = role.condition().get().evaluate(input) == Condition.Result.ALLOWED;
      }
      if (holds) {
        held.addAll(role.grants());
        sources.addAll(Collections.nCopies(role.grants().size(), roleId));
      } else {
        heldBack.addAll(role.grants());
      }
    }
    AccessPlan.Judgement j = judge(key, query, held, sources);
    boolean heldBackWouldDo = false;
    if (!j.satisfied() && !heldBack.isEmpty()) {
      List<Grant> all = new ArrayList<>(held);
      all.addAll(heldBack);
      heldBackWouldDo = query.satisfiedBy(all);
    }
    return outcome(j, heldBackWouldDo, input != null, at);
  }

  private Decision outcome(
      AccessPlan.Judgement j, boolean heldBackWouldDo, boolean conditional, long at) {
    if (j.satisfied()) {
      for (AccessUsage.Use use : j.uses()) {
        usage.record(use, at);
      }
      return conditional ? new Decision(VerifyCode.VALID, null, true) : Decision.ALLOW;
    }
    return heldBackWouldDo
        ? Decision.CONDITION_FAILED
        : new Decision(VerifyCode.INSUFFICIENT_PERMISSIONS, j.missing(), conditional);
  }

  /** The answer of {@code held} (each grant with its source) to {@code query}. */
  private static AccessPlan.Judgement judge(
      KeyRow key, PermissionQuery query, List<Grant> held, List<String> sources) {
    if (!query.satisfiedBy(held)) {
      return new AccessPlan.Judgement(false, List.of(), Grants.render(query.missing(held)));
    }
    List<AccessUsage.Use> uses = new ArrayList<>();
    query.forEachExercised(
        held,
        required -> {
          int best = narrowestCovering(held, required);
          if (best >= 0) {
            uses.add(
                AccessUsage.Use.exercise(
                    key.workspaceId(), key.id(), sources.get(best), held.get(best), required));
          }
        });
    return new AccessPlan.Judgement(true, List.copyOf(uses), null);
  }

  private static int narrowestCovering(List<Grant> held, Grant required) {
    int best = -1;
    int bestBreadth = Integer.MAX_VALUE;
    for (int i = 0; i < held.size(); i++) {
      Grant g = held.get(i);
      if (g.covers(required) && breadth(g) < bestBreadth) {
        best = i;
        bestBreadth = breadth(g);
      }
    }
    return best;
  }

  private static int breadth(Grant g) {
    if (g.resource().equals("*")) {
      return 2;
    }
    return g.action().equals("*") ? 1 : 0;
  }
}
