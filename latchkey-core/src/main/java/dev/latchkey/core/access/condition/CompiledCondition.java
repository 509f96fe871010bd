package dev.latchkey.core.access.condition;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A checked and planned CEL program; see {@link Condition} for what it promises. */
final class CompiledCondition implements Condition {
  private static final Logger LOG = LoggerFactory.getLogger(CompiledCondition.class);

  private final String expression;
  private final CelRuntime.Program program;

  CompiledCondition(String expression, CelRuntime.Program program) {
    this.expression = expression;
    this.program = program;
  }

  @Override
  public String expression() {
    return expression;
  }

  @Override
  public Result evaluate(ConditionInput input) {
    if (input == null) {
      return Result.ERROR;
    }
    Object value;
    try {
      WorkBudget.start();
      value = program.eval(new InputVariables(input));
    } catch (CelEvaluationException e) {
      // Not the message: cel-java quotes the values it failed on, and a request header passed in
      // the context may be a credential.
      LOG.debug("condition {} failed to evaluate", expression);
      return Result.ERROR;
    } catch (RuntimeException e) {
      // cel-java reports some failures on data it did not expect unchecked; whatever the data,
      // evaluation answers rather than throws, and the caller denies.
      LOG.debug("condition {} failed unexpectedly ({})", expression, e.getClass().getSimpleName());
      return Result.ERROR;
    }
    if (value instanceof Boolean allowed) {
      return allowed ? Result.ALLOWED : Result.DENIED;
    }
    return Result.ERROR;
  }

  @Override
  public String toString() {
    return expression;
  }
}
