package dev.latchkey.core.alert;

import dev.latchkey.core.LatchkeyException;

/** A webhook URL, or the address its host resolves to, that may not be delivered to. */
public final class RefusedTargetException extends LatchkeyException {
  public RefusedTargetException(String message) {
    super(message);
  }
}
