package dev.latchkey.core.manage;

import dev.latchkey.core.LatchkeyException;

/** The caller is authenticated but may not do this, e.g. grant a permission it lacks. */
public final class ForbiddenException extends LatchkeyException {
  public ForbiddenException(String message) {
    super(message);
  }
}
