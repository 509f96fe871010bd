package dev.latchkey.core.manage;

import dev.latchkey.core.LatchkeyException;

/** What was asked for existed but is gone for good: a one-time link already used or expired. */
public final class GoneException extends LatchkeyException {
  public GoneException(String message) {
    super(message);
  }
}
