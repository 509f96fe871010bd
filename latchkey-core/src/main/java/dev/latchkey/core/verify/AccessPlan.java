package dev.latchkey.core.verify;

import dev.latchkey.core.access.Grant;
import dev.latchkey.core.access.Grants;
import dev.latchkey.core.access.condition.Condition;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.store.KeyRow;
import java.util.List;
import java.util.Optional;

/**
 * A key's access compiled once when the key is loaded, so that verification parses and compiles
 * nothing: its direct grants, the ids of its roles, its condition, and what a condition sees of the
 * key.
 *
 * @param keyInput the key's attributes for conditions; built only when some condition may run
 */
record AccessPlan(
    List<Grant> direct,
    List<String> roleIds,
    Optional<Condition> condition,
    ConditionInput.Key keyInput) {

  static AccessPlan of(KeyRow key, StoredConditions conditions) {
    Optional<Condition> condition = Optional.ofNullable(key.condition()).map(conditions::compile);
    boolean conditional = condition.isPresent() || !key.roles().isEmpty();
    return new AccessPlan(
        Grants.parseStored(key.permissions()),
        key.roles(),
        condition,
        conditional ? new ConditionInput.Key(key.meta(), key.consumerId(), key.createdAt()) : null);
  }

  /** Whether nothing but a permission query can deny the key: no condition, no role. */
  boolean unconditional() {
    return condition.isEmpty() && roleIds.isEmpty();
  }
}
