package dev.latchkey.core.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.latchkey.core.access.condition.Condition;
import dev.latchkey.core.access.condition.ConditionInput;
import dev.latchkey.core.access.condition.ConditionSyntaxException;
import dev.latchkey.core.access.condition.Conditions;

/**
 * Compiles conditions read from the store, which were checked when saved, once per distinct text: a
 * compilation costs about 2 ms, and many keys share one condition. Thread-safe.
 */
final class StoredConditions {
  private static final long MAXIMUM_SIZE = 10_000;

  private final Conditions conditions;
  private final Cache<String, Condition> compiled =
      Caffeine.newBuilder().executor(Runnable::run).maximumSize(MAXIMUM_SIZE).build();

  StoredConditions(Conditions conditions) {
    this.conditions = conditions;
  }

  /**
   * The compiled condition; one that no longer compiles (a stored expression the current rules
   * reject) compiles to a condition that always errs, so it denies: fail closed.
   */
  Condition compile(String expression) {
    return compiled.get(expression, this::compileOrBroken);
  }

  private Condition compileOrBroken(String expression) {
    try {
      return conditions.compile(expression);
    } catch (ConditionSyntaxException e) {
      return new Broken(expression);
    }
  }

  private record Broken(String expression) implements Condition {
    @Override
    public Result evaluate(ConditionInput input) {
      return Result.ERROR;
    }
  }
}
