package dev.latchkey.server.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Helidon's header names for the names Latchkey's code reads and writes, each made once. {@link
 * HeaderNames#create} lower-cases the name and looks it up in Helidon's table on every call, which
 * was a measurable part of a forward-auth request (it reads about ten headers and writes six). Only
 * names written in the code or the server's configuration come here, never a name a request chose,
 * so the map stays small.
 *
 * <p>Thread-safe.
 */
final class KnownHeaders {
  private static final ConcurrentHashMap<String, HeaderName> NAMES = new ConcurrentHashMap<>();

  private KnownHeaders() {}

  /** The header name {@code name}, as {@link HeaderNames#create(String)} makes it. */
  static HeaderName named(String name) {
    HeaderName known = NAMES.get(name);
    return known != null ? known : NAMES.computeIfAbsent(name, HeaderNames::create);
  }
}
