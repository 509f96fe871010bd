package dev.latchkey.client;

import dev.latchkey.api.Problem;

/**
 * 404 Not Found: no such object in the root key's workspace (objects of other workspaces are
 * reported the same way).
 */
public final class NotFoundException extends LatchkeyApiException {
  NotFoundException(Problem problem, String requestId) {
    super(problem, requestId);
  }
}
