package dev.latchkey.client;

/**
 * The rule the server applies to {@code Idempotency-Key}: 1 to 255 printable ASCII characters (no
 * leading or trailing space, which HTTP would drop).
 */
final class IdempotencyKeys {
  private static final int MAX = 255;

  private IdempotencyKeys() {}

  static String check(String key) {
    if (key == null || key.isEmpty() || key.length() > MAX) {
      throw new IllegalArgumentException("an Idempotency-Key has 1 to 255 characters");
    }
    if (key.strip().length() != key.length()) {
      throw new IllegalArgumentException("an Idempotency-Key neither starts nor ends with a space");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        // the server's rule: printable ASCII without spaces
        throw new IllegalArgumentException("an Idempotency-Key is printable ASCII, no spaces");
      }
    }
    return key;
  }
}
