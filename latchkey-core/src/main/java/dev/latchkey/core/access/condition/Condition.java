package dev.latchkey.core.access.condition;

/**
 * A compiled access condition. Immutable and thread-safe: compile once, evaluate concurrently.
 *
 * <p>Obtained from {@link Conditions#compile(String)}.
 */
public interface Condition {

  /** The expression as written. */
  String expression();

  /**
   * Evaluates the condition against {@code input}. Never throws: a runtime type mismatch, a missing
   * map key, an exceeded iteration limit, a malformed CIDR or zone read from data, a non-boolean
   * result or a null {@code input} are all {@link Result#ERROR}, which verification treats as a
   * denial (fail closed).
   */
  Result evaluate(ConditionInput input);

  /** The outcome of one evaluation. */
  enum Result {
    /** The condition evaluated to {@code true}. */
    ALLOWED,
    /** The condition evaluated to {@code false}. */
    DENIED,
    /** The condition could not be evaluated; deny. */
    ERROR
  }
}
