package dev.latchkey.core.secret;

import java.security.SecureRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opaque object ids: a type prefix and 24 base62 characters (about 143 random bits), e.g. {@code
 * key_3hT9…}. Random, so an id reveals neither creation order nor count.
 */
public final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = 24;

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

  /**
   * A new id of the same shape for correlating one request's answer with its log lines and audit
   * events ({@code req_…}), from {@link ThreadLocalRandom}: unique in practice, but predictable by
   * whoever sees enough of them, so never for an object id or anything secret. Every request takes
   * one, and {@link #newId} costs a few microseconds behind {@link SecureRandom}'s lock.
   */
  public static String newCorrelationId(String type) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    char[] chars = new char[LENGTH];
    int filled = 0;
    while (filled < LENGTH) {
      long bits = random.nextLong();
      for (int i = 0; i < 10 && filled < LENGTH; i++, bits >>>= 6) {
        int six = (int) (bits & 0x3f);
        if (six < 62) {
          chars[filled++] = Base62.ALPHABET.charAt(six);
        }
      }
    }
    return type + "_" + new String(chars);
  }

  /** Whether {@code id} has the shape of an id of the given type. */
  public static boolean isValid(String type, String id) {
    // No regex and no concatenation: verifications naming a service by id call this every time.
    int head = type.length() + 1;
    if (id == null
        || id.length() != head + LENGTH
        || !id.startsWith(type)
        || id.charAt(type.length()) != '_') {
      return false;
    }
    for (int i = head; i < id.length(); i++) {
      if (Base62.value(id.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }
}
