package dev.latchkey.api;

/**
 * Body of {@code POST /v1/keys:verify}.
 *
 * @param service optional service id or name the key must belong to
 */
public record VerifyKey(String key, String service) {
  @Override
  public String toString() {
    return "VerifyKey[key=<redacted>, service=" + service + "]";
  }
}
