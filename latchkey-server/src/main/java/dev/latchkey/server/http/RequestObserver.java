package dev.latchkey.server.http;

import io.helidon.webserver.http.ServerRequest;

/**
 * Told of every request a {@link Router} answered, after its response was sent: for metrics and the
 * access log. Called on the request's thread with the request id still in the logging context
 * ({@code request_id}); implementations must be thread-safe and quick, and must not throw.
 */
@FunctionalInterface
public interface RequestObserver {
  /** Observes nothing. */
  RequestObserver NONE = (req, route, status, nanos) -> {};

  /**
   * @param req the request; read nothing from it that a client chose freely (path, query, headers)
   *     into a label or a log line: it may hold a secret
   * @param route the template of the route whose path matched ({@code /v1/keys/{id}}), or {@link
   *     Router#UNMATCHED} when no route's path did
   * @param status the status sent
   * @param nanos from the request's dispatch to the end of its response
   */
  void completed(ServerRequest req, String route, int status, long nanos);

  /**
   * The request's method if it is a standard one, else {@code OTHER}: a client may send any token
   * as a method, and a label or log line must not take it as it is.
   */
  static String method(ServerRequest req) {
    String m = req.prologue().method().text();
    return switch (m) {
      case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" -> m;
      default -> "OTHER";
    };
  }
}
