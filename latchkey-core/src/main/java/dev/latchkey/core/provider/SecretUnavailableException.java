package dev.latchkey.core.provider;

import dev.latchkey.core.LatchkeyException;

/**
 * A referenced secret could not be read: the variable is unset, the file is missing, the vault
 * refused or is unreachable. The message names the reference and never a value.
 */
public final class SecretUnavailableException extends LatchkeyException {
  public SecretUnavailableException(String message) {
    super(message);
  }

  public SecretUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
