package dev.latchkey.core.store;

import dev.latchkey.core.LatchkeyException;

/** The store failed or is unreachable. The message never holds data from the request. */
public class StoreException extends LatchkeyException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
