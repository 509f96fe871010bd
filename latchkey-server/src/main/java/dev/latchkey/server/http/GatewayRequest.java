package dev.latchkey.server.http;

import dev.latchkey.core.access.Principal;
import java.util.Optional;

/**
 * What a gateway route reads of a request, whichever listener took it: the API's ({@link Exchange})
 * or the forward-auth listener's. Lives for one request; not thread-safe.
 */
public interface GatewayRequest {
  /** The longest query parameter value {@link #query} accepts. */
  int MAX_QUERY_VALUE = 512;

  /**
   * {@code value} of the query parameter {@code name}, if it is at most {@link #MAX_QUERY_VALUE}
   * characters long.
   *
   * @throws HttpProblem 400 naming the parameter, not echoing it
   */
  static String bounded(String name, String value) {
    if (value.length() > MAX_QUERY_VALUE) {
      throw HttpProblem.badRequest(name, "must be at most " + MAX_QUERY_VALUE + " characters");
    }
    return value;
  }

  String requestId();

  String method();

  /** The request's path as sent, still percent-encoded, without the query. */
  String rawPath();

  /** A request header's first value; {@code name} is one the code chose, never the request. */
  Optional<String> header(String name);

  /**
   * Every value of a list-valued request header, in order, joined by commas as RFC 9110 says
   * repeated lines mean; empty if absent.
   */
  Optional<String> headerList(String name);

  /**
   * A query parameter, decoded; bounded in length.
   *
   * @throws HttpProblem 400 naming the parameter when it is too long
   */
  Optional<String> query(String name);

  /** A query parameter, decoded and unbounded: for a value judged elsewhere (a presented key). */
  Optional<String> rawQuery(String name);

  /** The connection's peer address (the gateway's, behind one). */
  String sourceAddress();

  /** The authenticated root key of the gateway. */
  Principal principal();
}
