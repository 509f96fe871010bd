package dev.latchkey.core.limit;

/** The shared rate counters (Redis) cannot be reached or did not answer in time. */
public final class LimiterUnavailableException extends RuntimeException {
  public LimiterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
