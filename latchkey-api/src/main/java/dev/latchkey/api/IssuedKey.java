package dev.latchkey.api;

/**
 * Response of a key's creation or rotation: the only time its secret is shown.
 *
 * @param key the plaintext secret; store it now, it cannot be shown again
 */
public record IssuedKey(String key, Key data) {
  @Override
  public String toString() {
    return "IssuedKey[key=<redacted>, data=" + data + "]";
  }
}
