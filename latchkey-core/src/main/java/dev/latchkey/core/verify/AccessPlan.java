package dev.latchkey.core.verify;

import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.PermissionQuery;
import dev.latchkey.core.access.condition.Condition;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.store.KeyRow;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A key's access compiled once when the key is loaded, so that verification parses and compiles
 * nothing: its direct grants, the ids of its roles, its condition, and what a condition sees of the
 * key. For a key without roles, whose answer to a query depends on nothing else, it also remembers
 * the answers to the queries it was asked (a few dozen at most), uses to record included.
 *
 * <p>Thread-safe: immutable but for that memo, which holds only values a recomputation would give.
 */
final class AccessPlan {
  /** Most queries whose answers one key remembers; beyond, answers are worked out each time. */
  private static final int MAX_REMEMBERED = 32;

  /**
   * The answer to a query from the direct grants alone.
   *
   * @param uses what to record when satisfied
   * @param missing what was lacking when not
   */
  record Judgement(boolean satisfied, List<AccessUsage.Use> uses, List<String> missing) {}

  private final List<Grant> direct;
  private final List<String> roleIds;
  private final Optional<Condition> condition;
  private final ConditionInput.Key keyInput;
  private final AccessUsage.Use conditionUse;
  private final ConcurrentHashMap<PermissionQuery, Judgement> judged = new ConcurrentHashMap<>();

  private AccessPlan(KeyRow key, StoredConditions conditions) {
    this.direct = Grants.parseStored(key.permissions());
    this.roleIds = key.roles();
    this.condition = Optional.ofNullable(key.condition()).map(conditions::compile);
    boolean conditional = condition.isPresent() || !roleIds.isEmpty();
    this.keyInput =
        conditional ? new ConditionInput.Key(key.meta(), key.consumerId(), key.createdAt()) : null;
    this.conditionUse =
        AccessUsage.Use.condition(key.workspaceId(), key.id(), Authorizer.KEY_SOURCE);
  }

  static AccessPlan of(KeyRow key, StoredConditions conditions) {
    return new AccessPlan(key, conditions);
  }

  List<Grant> direct() {
    return direct;
  }

  List<String> roleIds() {
    return roleIds;
  }

  Optional<Condition> condition() {
    return condition;
  }

  /** The key's attributes for conditions; null when no condition can run. */
  ConditionInput.Key keyInput() {
    return keyInput;
  }

  /** The use recorded when the key's own condition is evaluated. */
  AccessUsage.Use conditionUse() {
    return conditionUse;
  }

  /** Whether nothing but a permission query can deny the key: no condition, no role. */
  boolean unconditional() {
    return condition.isEmpty() && roleIds.isEmpty();
  }

  /** The answer to {@code query} from the direct grants, remembered when there is room. */
  Judgement judge(PermissionQuery query, Function<PermissionQuery, Judgement> work) {
    Judgement known = judged.get(query);
    if (known != null) {
      return known;
    }
    Judgement fresh = work.apply(query);
    if (judged.size() < MAX_REMEMBERED) {
      judged.putIfAbsent(query, fresh);
    }
    return fresh;
  }
}
