package dev.latchkey.client;

import dev.latchkey.api.Problem;

/** 401 Unauthorized: the root key is missing, unknown, expired or revoked. */
public final class UnauthorizedException extends LatchkeyApiException {
  UnauthorizedException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
