package dev.latchkey.secrets.aws;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

/**
 * Reads SDK failures: a safe description (error codes and exception types, never a message that
 * might echo a request) and whether a write may have reached the service.
 */
final class AwsFailures {
  private AwsFailures() {}

  /**
   * {@code "AccessDeniedException (HTTP 400)"}, {@code "timed out"}, {@code "ConnectException"}.
   */
  static String describe(Throwable e) {
    if (e instanceof AwsServiceException s && s.awsErrorDetails() != null) {
      return s.awsErrorDetails().errorCode() + " (HTTP " + s.statusCode() + ")";
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return "timed out";
    }
    if (isCredentialLoading(e)) {
      return "no AWS credentials found (static or the default chain)";
    }
    return "cannot reach Secrets Manager (" + root(e).getClass().getSimpleName() + ")";
  }

  /** True when the service refused the request with this error code. */
  static boolean isError(Throwable e, String code) {
    return e instanceof AwsServiceException s
        && s.awsErrorDetails() != null
        && code.equals(s.awsErrorDetails().errorCode());
  }

  /**
   * False only when no attempt of the call can have been written: every attempt was refused (4xx)
   * or never connected. Earlier attempts ride along as suppressed exceptions.
   */
  static boolean mayHaveArrived(Throwable e) {
    if (attemptMayHaveArrived(e)) {
      return true;
    }
    for (Throwable earlier : e.getSuppressed()) {
      if (attemptMayHaveArrived(earlier)) {
        return true;
      }
    }
    return false;
  }

  private static boolean attemptMayHaveArrived(Throwable e) {
    if (e instanceof AwsServiceException s) {
      return s.statusCode() >= 500;
    }
    if (isCredentialLoading(e)) {
      return false;
    }
    Throwable root = root(e);
    boolean neverConnected =
        root instanceof ConnectException
            || root instanceof UnknownHostException
            || root instanceof NoRouteToHostException
            || (root instanceof SocketTimeoutException t
                && String.valueOf(t.getMessage()).startsWith("Connect timed out"));
    return !neverConnected;
  }

  private static boolean isCredentialLoading(Throwable e) {
    return String.valueOf(e.getMessage()).startsWith("Unable to load credentials");
  }

  private static Throwable root(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
