package dev.latchkey.core.access.condition;

import dev.latchkey.core.LatchkeyException;

/**
 * A condition that does not compile: it does not parse, names an unknown variable, field or
 * function, has the wrong types, is not a {@code bool}, holds a malformed literal (CIDR, time zone,
 * time of day, pattern) or exceeds a limit of {@link Conditions}. The message is safe to show to
 * whoever wrote the condition and ends with the line and column ({@code at 1:9}) when known.
 */
public final class ConditionSyntaxException extends LatchkeyException {
  private final int position;

  ConditionSyntaxException(int position, String message) {
    super(message);
    this.position = position;
  }

  ConditionSyntaxException(String message, Throwable cause) {
    super(message, cause);
    this.position = -1;
  }

  /**
   * Where the error is, as a 0-based {@code char} offset into the expression; -1 when it is not
   * tied to one place.
   */
  public int position() {
    return position;
  }
}
