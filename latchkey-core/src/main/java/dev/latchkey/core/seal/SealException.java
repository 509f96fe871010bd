package dev.latchkey.core.seal;

import dev.latchkey.core.LatchkeyException;

/** A sealed value could not be opened. The message never contains plaintext or key material. */
public final class SealException extends LatchkeyException {
  public SealException(String message) {
    super(message);
  }

  public SealException(String message, Throwable cause) {
    super(message, cause);
  }
}
