package dev.latchkey.client.servlet;

import dev.latchkey.api.VerifyKey;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what {@link LatchkeyFilter} verifies from a request, as the server's forward-auth reads a
 * gateway's: the key from the key header, else {@code Authorization: Bearer}; the request
 * attributes conditions see from the container's own view of the request, no forwarding header
 * believed.
 */
final class FilterRequests {
  /** Longer than any key can be: refused as unknown without asking the server (which would 400). */
  private static final int MAX_PRESENTED = 1024;

  /** The server's bounds on the request attributes conditions see. */
  private static final int MAX_METHOD = 32;

  private static final int MAX_PATH = 2048;

  private FilterRequests() {}

  /** The key presented, if any; one longer than any key is judged absent: a 401 all the same. */
  static Optional<String> key(HttpServletRequest request, String keyHeader) {
    Optional<String> key = Optional.ofNullable(request.getHeader(keyHeader));
    if (key.isEmpty()) {
      key =
          Optional.ofNullable(request.getHeader("Authorization"))
              .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
              .map(h -> h.substring(7));
    }
    return key.map(String::strip).filter(k -> !k.isEmpty() && k.length() <= MAX_PRESENTED);
  }

  /**
   * The verification of {@code key} for {@code request}; empty when its method or path is longer
   * than the server accepts for conditions.
   */
  static Optional<VerifyKey> check(
      HttpServletRequest request, String key, LatchkeyFilter.Settings settings) {
    String method = request.getMethod();
    String path = path(request);
    if (method.length() > MAX_METHOD || path.length() > MAX_PATH) {
      return Optional.empty();
    }
    String service = settings.service().orElse(null);
    // As forward-auth: conditions see the route's service ("" when none) and no headers.
    VerifyKey.Request attributes =
        new VerifyKey.Request(
            address(request), method, path, service == null ? "" : service, Map.of());
    return Optional.of(
        new VerifyKey(
            key,
            service,
            settings.permissions().orElse(null),
            new VerifyKey.Context(attributes),
            settings.cost(),
            settings.limits().isEmpty() ? null : settings.limits()));
  }

  /**
   * The path the container routes on: decoded and normalised (context path, servlet path, path
   * info), not the raw request URI, in which {@code /%6Frders} or {@code /public/../orders} would
   * pass a condition on {@code /public/} and still reach {@code /orders}.
   */
  static String path(HttpServletRequest request) {
    String path =
        request.getServletContext().getContextPath() // decoded, unlike the request's
            + request.getServletPath()
            + (request.getPathInfo() == null ? "" : request.getPathInfo());
    return path.isEmpty() ? "/" : path;
  }

  /**
   * The container's view of the client's address (which it may take from forwarding headers it was
   * told to trust); an IPv6 literal without brackets.
   */
  private static String address(HttpServletRequest request) {
    String address = request.getRemoteAddr();
    if (address == null) {
      return ""; // a container that cannot tell (a Unix socket): conditions on the address fail
    }
    if (address.length() > 2 && address.startsWith("[") && address.endsWith("]")) {
      return address.substring(1, address.length() - 1);
    }
    return address;
  }
}
