package dev.latchkey.secrets.vault;

/**
 * A Vault call that failed. The message is safe: Vault's own error text, a status, or the kind of
 * network failure; never a token or a secret.
 */
final class VaultFailure extends RuntimeException {
  /** What went wrong, as far as what the caller must do about it. */
  enum Kind {
    /**
     * Vault answered with a 4xx (other than a check-and-set mismatch), or the login was refused.
     */
    REFUSED,
    /** The write's check-and-set version was not the current one: someone else wrote meanwhile. */
    CAS_MISMATCH,
    /** The request was not sent: the connection could not be made. */
    UNREACHABLE,
    /** The request was sent and no answer came in time, or the connection broke meanwhile. */
    NO_ANSWER,
    /** Vault answered with a 5xx, or an answer that is not what its API documents. */
    SERVER_ERROR
  }

  private final Kind kind;
  private final int status;

  VaultFailure(Kind kind, int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.kind = kind;
    this.status = status;
  }

  Kind kind() {
    return kind;
  }

  /** The HTTP status Vault answered with; 0 when it did not answer. */
  int status() {
    return status;
  }
}
