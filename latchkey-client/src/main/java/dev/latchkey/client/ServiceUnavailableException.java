package dev.latchkey.client;

import dev.latchkey.api.Problem;

/**
 * 503 Service Unavailable: the server cannot reach its store right now; retrying later may succeed.
 */
public final class ServiceUnavailableException extends LatchkeyApiException {
  ServiceUnavailableException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
