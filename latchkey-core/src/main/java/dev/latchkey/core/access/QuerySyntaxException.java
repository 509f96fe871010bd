package dev.latchkey.core.access;

import dev.latchkey.core.LatchkeyException;

/** A permission query that does not parse; {@link #position()} is where it went wrong (0-based). */
public final class QuerySyntaxException extends LatchkeyException {
  private final int position;

  QuerySyntaxException(int position, String message) {
    super(message + " at position " + position);
    this.position = position;
  }

  public int position() {
    return position;
  }
}
