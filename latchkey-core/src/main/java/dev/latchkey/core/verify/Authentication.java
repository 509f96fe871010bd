package dev.latchkey.core.verify;

import dev.latchkey.core.access.Principal;

/** Result of authenticating a management credential: a principal or why there is none. */
public sealed interface Authentication {

  /** The credential is a live root key. */
  record Authenticated(Principal principal) implements Authentication {}

  /**
   * No principal. The reason is for logs and audit only; clients get one uniform answer.
   *
   * @param reason {@code MALFORMED}, {@code NOT_FOUND}, {@code REVOKED}, {@code EXPIRED}
   */
  record Rejected(String reason) implements Authentication {}
}
