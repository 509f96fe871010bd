package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.sink.SinkException;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import javax.net.ssl.SSLHandshakeException;

/**
 * What a failed Kubernetes call means for a delivery. The messages are built here from the status
 * code and the target alone: the API server's own message is left out, and an HTTP failure is not
 * kept as the cause, since either may quote the request. A transport failure (no HTTP answer) keeps
 * its connection-level cause, for diagnosis.
 */
final class Failures {
  private Failures() {}

  /** A failed read: nothing was sent to write, so the secret has certainly not arrived. */
  static SinkException ofRead(KubernetesClientException e, SecretTarget target) {
    return new SinkException(describe(e, target, "reading"), false, safeCause(e));
  }

  /** A failed create or update: refused requests wrote nothing; the rest may have. */
  static SinkException ofWrite(KubernetesClientException e, SecretTarget target) {
    int code = e.getCode();
    boolean mayHaveArrived = code >= 500 || noAnswer(e) && !neverSent(e);
    String message = describe(e, target, "writing");
    return new SinkException(
        mayHaveArrived ? message + "; the Secret may have been written" : message,
        mayHaveArrived,
        safeCause(e));
  }

  private static String describe(KubernetesClientException e, SecretTarget target, String doing) {
    String where = target.location();
    if (noAnswer(e)) {
      return "could not reach the Kubernetes API "
          + doing
          + " "
          + where
          + " ("
          + transport(e)
          + ")";
    }
    return switch (e.getCode()) {
      case 401 -> "the Kubernetes API did not accept the credentials (401) " + doing + " " + where;
      case 403 ->
          "the Kubernetes API forbids "
              + doing
              + " "
              + where
              + " (403); the server needs get, create and update on secrets in namespace "
              + target.namespace();
      case 404 -> "namespace " + target.namespace() + " not found (404) " + doing + " " + where;
      case 422 -> "the Kubernetes API rejected the Secret as invalid (422) " + doing + " " + where;
      default -> "the Kubernetes API answered " + e.getCode() + " " + doing + " " + where;
    };
  }

  /** No HTTP answer at all (fabric8 says 0 or -1): a transport failure. */
  private static boolean noAnswer(KubernetesClientException e) {
    return e.getCode() <= 0;
  }

  /** Refused before the request left: no connection, no name, no TLS session. */
  private static boolean neverSent(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof HttpConnectTimeoutException
          || t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  private static String transport(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName();
  }

  /** Transport failures keep their (connection-level) cause; HTTP answers keep none. */
  private static Throwable safeCause(KubernetesClientException e) {
    return noAnswer(e) && e.getCause() != null ? e.getCause() : null;
  }
}
