package dev.latchkey.client;

import dev.latchkey.api.Problem;

/**
 * 400 Bad Request: the request was malformed or a field was invalid; {@link #problem()} names each
 * bad field.
 */
public final class InvalidRequestException extends LatchkeyApiException {
  InvalidRequestException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
