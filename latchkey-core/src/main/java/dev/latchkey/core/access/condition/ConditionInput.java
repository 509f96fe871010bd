package dev.latchkey.core.access.condition;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one evaluation of a {@link Condition} sees: {@code request}, {@code key} and {@code now}.
 * Immutable.
 *
 * @param request the request being verified; null means a request with nothing in it
 * @param key the key presented; null means a key with no metadata and no consumer
 * @param now the time of the verification, from the verifier's clock; required
 */
public record ConditionInput(Request request, Key key, Instant now) {

  public ConditionInput {
    request = request == null ? Request.EMPTY : request;
    key = key == null ? Key.EMPTY : key;
    Objects.requireNonNull(now, "now");
  }

  /**
   * The request attributes. Absent ones (null) become the empty string or the empty map. Header
   * names are lower-cased and the map is copied; entries with a null name or value are dropped.
   * Sizes are not capped here: the HTTP layer bounds the request line and headers.
   */
  public record Request(
      String ip, String method, String path, String service, Map<String, String> headers) {
    static final Request EMPTY = new Request("", "", "", "", Map.of());

    public Request {
      ip = Objects.requireNonNullElse(ip, "");
      method = Objects.requireNonNullElse(method, "");
      path = Objects.requireNonNullElse(path, "");
      service = Objects.requireNonNullElse(service, "");
      headers = headers == null ? Map.of() : lowerCased(headers);
    }

    private static Map<String, String> lowerCased(Map<String, String> headers) {
      Map<String, String> copy = new HashMap<>(headers.size() * 2);
      headers.forEach(
          (name, value) -> {
            if (name != null && value != null) {
              copy.put(name.toLowerCase(Locale.ROOT), value);
            }
          });
      return Map.copyOf(copy);
    }
  }

  /**
   * The key attributes. {@code meta} is the key's JSON metadata as Jackson or {@code Map.of} gives
   * it (strings, numbers, booleans, nulls, lists, maps with string keys); it is deep-copied into
   * CEL's values (whole numbers become {@code long}, others {@code double}, null CEL's {@code
   * null}), so build a {@code Key} once per stored key and reuse it across requests. Absent values
   * become the empty map, the empty string and the epoch.
   *
   * @param consumer the consumer id, or empty
   * @throws IllegalArgumentException when {@code meta} holds something that is not JSON
   */
  public record Key(Map<String, Object> meta, String consumer, Instant createdAt) {
    static final Key EMPTY = new Key(Map.of(), "", Instant.EPOCH);

    public Key {
      meta = meta == null ? Map.of() : JsonValues.celMap(meta);
      consumer = Objects.requireNonNullElse(consumer, "");
      createdAt = Objects.requireNonNullElse(createdAt, Instant.EPOCH);
    }
  }
}
