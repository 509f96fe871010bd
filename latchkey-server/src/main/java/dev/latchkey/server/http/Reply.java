package dev.latchkey.server.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * What a handler answers: a status, a body already encoded (or a stream that writes one as it goes,
 * for server-sent events), its media type, extra headers.
 */
public record Reply(
    int status, byte[] body, String contentType, Map<String, String> headers, Stream stream) {

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
