package dev.latchkey.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One HTTP call to make: method, path with query, optional JSON body, optional {@code
 * Idempotency-Key}, and a secret the call carries (a key being verified) that must not appear in
 * any error. Internal, so nulls mean "none".
 */
record Call(String method, String path, Object body, String idempotencyKey, String secret) {

  static Call get(String path) {
    return new Call("GET", path, null, null, null);
  }

  static Call post(String path, Object body) {
    return new Call("POST", path, body, null, null);
  }

  static Call patch(String path, Object body) {
    return new Call("PATCH", path, body, null, null);
  }

  static Call put(String path, Object body) {
    return new Call("PUT", path, body, null, null);
  }

  static Call delete(String path) {
    return new Call("DELETE", path, null, null, null);
  }

  Call idempotent(String key) {
    return new Call(method, path, body, IdempotencyKeys.check(key), secret);
  }

  Call carrying(String secretInBody) {
    return new Call(method, path, body, idempotencyKey, secretInBody);
  }

  /** A collection path followed by one percent-encoded id segment: {@code /v1/keys/key_1}. */
  static String item(String collection, String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("an id is required");
    }
    return collection + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code path?name=value&...}, leaving out null values, in insertion order. */
  static String query(String path, Map<String, Object> params) {
    StringJoiner joined = new StringJoiner("&", "?", "").setEmptyValue("");
    params.forEach(
        (name, value) -> {
          if (value != null) {
            joined.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
          }
        });
    return path + joined;
  }

  /** The page parameters of every list route. */
  static Map<String, Object> page(int pageSize, String pageToken) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("page_size", pageSize);
    params.put("page_token", pageToken);
    return params;
  }
}
