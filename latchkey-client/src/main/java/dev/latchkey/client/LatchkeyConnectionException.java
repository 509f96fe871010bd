package dev.latchkey.client;

import java.io.IOException;

/**
 * The server could not be reached or did not answer in time: connection refused, DNS failure, TLS
 * failure, timeout, or the calling thread was interrupted (its interrupt flag is restored). No
 * response was read, so the request may or may not have taken effect; retry creates with the same
 * {@code Idempotency-Key}.
 */
public final class LatchkeyConnectionException extends LatchkeyException {
  private final boolean timeout;

  LatchkeyConnectionException(String message, IOException cause, boolean timeout) {
    super(message, cause);
    this.timeout = timeout;
  }

  LatchkeyConnectionException(String message, InterruptedException cause) {
    super(message, cause);
    this.timeout = false;
  }

  /** Whether the call gave up because its timeout passed. */
  public boolean isTimeout() {
    return timeout;
  }
}
