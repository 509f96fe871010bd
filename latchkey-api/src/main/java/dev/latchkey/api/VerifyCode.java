package dev.latchkey.api;

/**
 * Outcome of a verification. Only {@link #VALID} admits the request.
 *
 * <p>{@link #INSUFFICIENT_PERMISSIONS} and {@link #CONDITION_FAILED} come from access control;
 * {@link #RATE_LIMITED} (a rate limit of the key or its consumer is spent for this window) and
 * {@link #USAGE_EXCEEDED} (a credit balance is short) from usage limits, checked last.
 */
public enum VerifyCode {
  VALID,
  MALFORMED,
  NOT_FOUND,
  DISABLED,
  REVOKED,
  EXPIRED,
  WRONG_SERVICE,
  INSUFFICIENT_PERMISSIONS,
  CONDITION_FAILED,
  RATE_LIMITED,
  USAGE_EXCEEDED
}
