package dev.latchkey.server.http;

import java.util.Map;

/** What a handler answers: a status, a body already encoded, its media type, extra headers. */
public record Reply(int status, byte[] body, String contentType, Map<String, String> headers) {

  public static Reply json(int status, byte[] body) {
    return new Reply(status, body, "application/json", Map.of());
  }

  public Reply withHeader(String name, String value) {
    Map<String, String> more = new java.util.LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, body, contentType, more);
  }
}
