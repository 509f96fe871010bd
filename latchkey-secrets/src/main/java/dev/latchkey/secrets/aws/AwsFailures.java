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
    if (root(e) instanceof SocketTimeoutException t && !isConnectTimeout(t)) {
      return "timed out (SocketTimeoutException)";
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
      if (earlierAttemptMayHaveArrived(String.valueOf(earlier.getMessage()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The SDK keeps an earlier attempt only as a message ({@code "Request attempt 1 failure: Unable
   * to execute HTTP request: Connection refused"}), so it is read from the text; anything not
   * recognised as refused counts as may-have-arrived.
   */
  private static boolean earlierAttemptMayHaveArrived(String message) {
    return !(message.contains("Connection refused")
        || message.contains("UnknownHostException")
        || message.contains("Connect timed out")
        || message.matches("(?s).*Status Code: 4\\d\\d.*"));
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
            || (root instanceof SocketTimeoutException t && isConnectTimeout(t));
    return !neverConnected;
  }

  private static boolean isConnectTimeout(SocketTimeoutException e) {
    return String.valueOf(e.getMessage()).startsWith("Connect timed out");
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
