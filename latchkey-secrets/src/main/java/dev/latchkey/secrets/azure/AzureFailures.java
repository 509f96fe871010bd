package dev.latchkey.secrets.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Reads SDK failures: a safe description (status codes and exception types, never a message that
 * might echo a request) and whether a write may have reached the vault.
 */
final class AzureFailures {
  private AzureFailures() {}

  /** The HTTP status the vault or the token endpoint answered with, or 0. */
  static int status(Throwable e) {
    return e instanceof HttpResponseException h && h.getResponse() != null
        ? h.getResponse().getStatusCode()
        : 0;
  }

  static String describe(Throwable e) {
    if (isAuthentication(e)) {
      return "authentication failed (check tenant, client id and client secret)";
    }
    int status = status(e);
    if (status == 403) {
      return "access denied (HTTP 403)";
    }
    if (status != 0) {
      return "HTTP " + status;
    }
    if (isTimeout(e)) {
      return "timed out";
    }
    return "cannot reach the vault (" + networkCause(e).getClass().getSimpleName() + ")";
  }

  /** False only when no attempt can have been written: refused (4xx, auth) or never connected. */
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
    if (isAuthentication(e)) {
      return false; // no token, so nothing was sent to the vault
    }
    int status = status(e);
    if (status != 0) {
      return status >= 500;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof HttpConnectTimeoutException) {
        return false;
      }
    }
    return true;
  }

  /**
   * A failure to get a token: azure-identity's own exception, or MSAL's passed through (the SDK
   * lets some escape wrapped in plain RuntimeExceptions).
   */
  private static boolean isAuthentication(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ClientAuthenticationException
          || t.getClass().getName().startsWith("com.microsoft.aad.msal4j.")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpTimeoutException || t instanceof TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** The first java.net failure in the chain (java.net.http nests a ClosedChannelException). */
  private static Throwable networkCause(Throwable e) {
    Throwable last = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getClass().getPackageName().equals("java.net")) {
        return t;
      }
      last = t;
    }
    return last;
  }
}
