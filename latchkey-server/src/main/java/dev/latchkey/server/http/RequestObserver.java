package dev.latchkey.server.http;

import java.util.function.Supplier;

/**
 * Told of every request a listener answered (the API's {@link Router}, the forward-auth listener),
 * after its response was written: for metrics and the access log. Called on the request's thread
 * with the request id still in the logging context ({@code request_id}); implementations must be
 * thread-safe and quick, and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
  /** Observes nothing. */
  RequestObserver NONE = (method, client, route, status, nanos) -> {};

  /**
   * @param method the request's method as {@link #method} names it
   * @param client the connection's peer address (not a forwarded header), asked for only when
   *     needed
   * @param route the template of the route whose path matched ({@code /v1/keys/{id}}), or {@link
   *     Router#UNMATCHED} when no route's path did
   * @param status the status sent
   * @param nanos from the request's dispatch to the end of its response
   */
  void completed(String method, Supplier<String> client, String route, int status, long nanos);

  /**
   * The request's method if it is a standard one, else {@code OTHER}: a client may send any token
   * as a method, and a label or log line must not take it as it is.
   */
  static String method(String m) {
    return switch (m) {
      case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" -> m;
      default -> "OTHER";
    };
  }
}
