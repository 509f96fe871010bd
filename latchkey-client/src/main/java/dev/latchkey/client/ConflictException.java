package dev.latchkey.client;

import dev.latchkey.api.Problem;

/**
 * 409 Conflict, or 422 when an {@code Idempotency-Key} was reused with a different body: the
 * request clashes with the current state.
 */
public final class ConflictException extends LatchkeyApiException {
  ConflictException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
