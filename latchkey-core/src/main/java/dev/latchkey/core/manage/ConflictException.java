package dev.latchkey.core.manage;

import dev.latchkey.core.LatchkeyException;

/**
 * The request cannot apply to the object's current state (rotating a revoked key), or reuses an
 * {@code Idempotency-Key} for a different request.
 */
public final class ConflictException extends LatchkeyException {
  private final String field;

  public ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The wire name of the field at fault, or {@code ""} when none is. */
  public String field() {
    return field;
  }
}
