package dev.latchkey.client;

import java.util.Optional;

/**
 * The server answered with a success status, but its body could not be read as the expected record:
 * a proxy's page instead of the API, or a server too new or too old for this SDK.
 */
public final class LatchkeyProtocolException extends LatchkeyException {
  private final int status;
  private final String requestId;

  LatchkeyProtocolException(String message, int status, String requestId) {
    super(message, null);
    this.status = status;
    this.requestId = requestId;
  }

  /** The HTTP status of the response that could not be read. */
  public int status() {
    return status;
  }

  /** The {@code X-Request-Id} of the response, to quote to whoever runs the server. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
