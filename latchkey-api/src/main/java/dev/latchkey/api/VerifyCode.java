package dev.latchkey.api;

/** Outcome of a verification. Only {@link #VALID} admits the request. */
public enum VerifyCode {
  VALID,
  MALFORMED,
  NOT_FOUND,
  DISABLED,
  REVOKED,
  EXPIRED,
  WRONG_SERVICE
}
