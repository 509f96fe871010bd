package dev.latchkey.api;

/**
 * Outcome of a verification. Only {@link #VALID} admits the request.
 *
 * <p>{@link #INSUFFICIENT_PERMISSIONS}, {@link #CONDITION_FAILED}, {@link #RATE_LIMITED} and {@link
 * #USAGE_EXCEEDED} belong to access control and usage limits; they are listed now so that clients
 * built today can read verdicts of servers that add those checks.
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
