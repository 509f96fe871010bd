package dev.latchkey.core;

/** The unchecked base of every failure the core reports. Messages are safe to show a client. */
public class LatchkeyException extends RuntimeException {
  public LatchkeyException(String message) {
    super(message);
  }

  public LatchkeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
