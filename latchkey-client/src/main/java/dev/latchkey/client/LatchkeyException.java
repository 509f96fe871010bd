package dev.latchkey.client;

/**
 * The one unchecked base of every failure the SDK reports. Its message never contains the root key
 * or a key secret.
 */
public abstract sealed class LatchkeyException extends RuntimeException
    permits LatchkeyApiException, LatchkeyConnectionException, LatchkeyProtocolException {

  LatchkeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
