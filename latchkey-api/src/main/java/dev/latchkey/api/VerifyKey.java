package dev.latchkey.api;

import java.util.Map;

/**
 * Body of {@code POST /v1/keys:verify}.
 *
 * @param service optional service id or name the key must belong to
 * @param permissions optional permission query the key must satisfy, e.g. {@code orders:read AND
 *     (payments:refund OR admin:*)}
 * @param context optional attributes of the request being authorised, for conditions
 * @param cost units this request spends on the key's rate limits and credits (0 to 1,000,000,000,
 *     default 1); 0 spends nothing and only answers whether a request would pass
 * @param limits names of the rate limits to apply; absent applies every limit of the key and of its
 *     consumer, names neither has are ignored
 */
public record VerifyKey(
    String key,
    String service,
    String permissions,
    Context context,
    Long cost,
    java.util.List<String> limits) {

  /** A plain check of {@code key}, optionally for {@code service}. */
  public static VerifyKey of(String key, String service) {
    return new VerifyKey(key, service, null, null, null, null);
  }

  /** A check of {@code key} with a permission query and request attributes, spending 1. */
  public static VerifyKey of(String key, String service, String permissions, Context context) {
    return new VerifyKey(key, service, permissions, context, null, null);
  }

  @Override
  public String toString() {
    return "VerifyKey[key=<redacted>, service="
        + service
        + ", permissions="
        + permissions
        + ", context="
        + context
        + ", cost="
        + cost
        + ", limits="
        + limits
        + "]";
  }

  /** What conditions may see of the request: {@code request.ip}, {@code request.method}, … */
  public record Context(Request request) {}

  /**
   * Attributes of the request a key was presented with, as the caller saw them.
   *
   * @param headers header values by lower-case name
   */
  public record Request(
      String ip, String method, String path, String service, Map<String, String> headers) {}
}
