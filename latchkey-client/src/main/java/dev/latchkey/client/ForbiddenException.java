package dev.latchkey.client;

import dev.latchkey.api.Problem;

/** 403 Forbidden: the root key lacks the permission the route needs. */
public final class ForbiddenException extends LatchkeyApiException {
  ForbiddenException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
