package dev.latchkey.core.sink;

import dev.latchkey.core.LatchkeyException;

/**
 * A delivery failed. The message is safe to store and show: it never contains the secret or a
 * credential.
 */
public final class SinkException extends LatchkeyException {
  private final boolean mayHaveArrived;

  /**
   * @param mayHaveArrived false only when the sink certainly holds nothing of this delivery (the
   *     request was refused or never sent); true when it may have been written (a timeout after
   *     sending, a lost response). A rotation keeps a secret that may have arrived verifying until
   *     its grace period ends.
   */
  public SinkException(String message, boolean mayHaveArrived, Throwable cause) {
    super(message, cause);
    this.mayHaveArrived = mayHaveArrived;
  }

  public SinkException(String message, boolean mayHaveArrived) {
    this(message, mayHaveArrived, null);
  }

  /** Whether the sink may hold the delivered secret despite the failure. */
  public boolean mayHaveArrived() {
    return mayHaveArrived;
  }
}
