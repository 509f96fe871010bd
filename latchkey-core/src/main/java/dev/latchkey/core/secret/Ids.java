package dev.latchkey.core.secret;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Opaque object ids: a type prefix and 24 base62 characters (about 143 random bits), e.g. {@code
 * key_3hT9…}. Random, so an id reveals neither creation order nor count.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = 24;
  private static final Pattern SHAPE = Pattern.compile("[a-z]{2,4}_[0-9A-Za-z]{" + LENGTH + "}");

  private Ids() {}

  /** A new id with the given type prefix ({@code key}, {@code svc}, …). */
  public static String newId(String type) {
    char[] chars = new char[LENGTH];
    int filled = 0;
    byte[] random = new byte[32];
    while (filled < LENGTH) {
      RANDOM.nextBytes(random);
      for (int i = 0; i < random.length && filled < LENGTH; i++) {
        int six = random[i] & 0x3f;
        if (six < 62) {
          chars[filled++] = Base62.ALPHABET.charAt(six);
        }
      }
    }
    return type + "_" + new String(chars);
  }

  /** Whether {@code id} has the shape of an id of the given type. */
  public static boolean isValid(String type, String id) {
    return id != null && id.startsWith(type + "_") && SHAPE.matcher(id).matches();
  }
}
