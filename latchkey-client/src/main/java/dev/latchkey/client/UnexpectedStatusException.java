package dev.latchkey.client;

import dev.latchkey.api.Problem;

/** Any other error status: 405, 413, 415, 500, or whatever a proxy in between returned. */
public final class UnexpectedStatusException extends LatchkeyApiException {
  UnexpectedStatusException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
