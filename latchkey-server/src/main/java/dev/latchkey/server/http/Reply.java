package dev.latchkey.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What a handler answers: a status, a body already encoded (or a stream that writes one as it goes,
 * for server-sent events), its media type, extra headers.
 *
 * <p>A reply's header names are tokens and its header values (the media type too) printable ASCII,
 * spaces and tabs (RFC 9110, 5.5, without obsolete text): the constructor refuses anything else, so
 * that no value can split a response or add a header. The HTTP layer's own check of response
 * headers is off (it was about a tenth of the server's CPU per forward-auth request); this one sees
 * every header Latchkey writes, and Helidon writes only its own framing headers.
 */
public record Reply(
    int status, byte[] body, String contentType, Map<String, String> headers, Stream stream) {

  public Reply {
    requireFieldValue("Content-Type", contentType);
    headers.forEach(
        (name, value) -> {
          requireToken(name);
          requireFieldValue(name, value);
        });
  }

  private static void requireToken(String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean token =
          c >= '0' && c <= '9'
              || c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!token) {
        throw new IllegalArgumentException("header name is not a token: " + name);
      }
    }
  }

  private static void requireFieldValue(String name, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c > 0x7e) {
        // the value is not quoted: it may be the reason it is wrong, and it may hold a secret
        throw new IllegalArgumentException("header " + name + " has a character not allowed");
      }
    }
  }

  /** A body written over time; it returns when the stream ends or the client leaves. */
  @FunctionalInterface
  public interface Stream {
    void writeTo(OutputStream out) throws IOException;
  }

  public Reply(int status, byte[] body, String contentType, Map<String, String> headers) {
    this(status, body, contentType, headers, null);
  }

  public static Reply json(int status, byte[] body) {
    return new Reply(status, body, "application/json", Map.of());
  }

  /** A 204: done, nothing to say (a deletion). */
  public static Reply noContent() {
    return new Reply(204, new byte[0], "application/json", Map.of());
  }

  /** A 200 whose body {@code stream} writes as it goes. */
  public static Reply streaming(String contentType, Stream stream) {
    return new Reply(200, new byte[0], contentType, Map.of(), stream);
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, contentType, more, stream);
  }
}
