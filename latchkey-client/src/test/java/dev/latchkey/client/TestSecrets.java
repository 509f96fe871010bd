package dev.latchkey.client;

import java.security.SecureRandom;

/** Secrets shaped like Latchkey's, made fresh per run so none is ever written in a fixture. */
final class TestSecrets {
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();

  private TestSecrets() {}

  static String rootKey() {
    return withPrefix("lk_root");
  }

  static String serviceKey() {
    return withPrefix("pay");
  }

  /** Not a valid checksum, only the shape: tests never send these to a real server. */
  static String withPrefix(String prefix) {
    StringBuilder text = new StringBuilder(prefix).append('_');
    for (int i = 0; i < 38; i++) {
      text.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
    }
    return text.toString();
  }
}
