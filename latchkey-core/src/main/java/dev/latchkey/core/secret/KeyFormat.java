package dev.latchkey.core.secret;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The secret format: {@code {prefix}_{32 random base62}{6 base62 of CRC32}}.
 *
 * <p>The random part carries 32 × log2(62) ≈ 190.5 bits from {@link SecureRandom}. The checksum is
 * the IEEE CRC32 of the ASCII of everything before it, written as 6 base62 digits, most significant
 * first. CRC32 detects every burst error up to 32 bits, so every single-character change and every
 * adjacent transposition of the text it covers is caught before any lookup.
 *
 * <p>Service prefixes match {@code [a-z][a-z0-9]{0,15}}; root keys use {@value #ROOT_PREFIX}. The
 * separator is the last underscore, so {@code lk_root} may hold one.
 *
 * <p>Thread-safe.
 */
public final class KeyFormat {
  /** The prefix of root (management) keys. */
  public static final String ROOT_PREFIX = "lk_root";

  /** The prefix a service gets when none is chosen. */
  public static final String DEFAULT_PREFIX = "lk";

  static final int RANDOM_CHARS = 32;
  static final int CHECK_CHARS = 6;
  private static final int BODY = RANDOM_CHARS + CHECK_CHARS;

  /** Longest possible key: a 16-character prefix, the separator and the body. */
  public static final int MAX_LENGTH = 16 + 1 + BODY;

  private static final Pattern SERVICE_PREFIX = Pattern.compile("[a-z][a-z0-9]{0,15}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFormat() {}

  /** Whether {@code prefix} may be a service's key prefix. */
  public static boolean isValidServicePrefix(String prefix) {
    return prefix != null && SERVICE_PREFIX.matcher(prefix).matches();
  }

  /** A fresh secret for a service's key. */
  public static Secret generate(String servicePrefix) {
    if (!isValidServicePrefix(servicePrefix)) {
      throw new IllegalArgumentException("not a service prefix: " + servicePrefix);
    }
    return generateWith(servicePrefix);
  }

  /** A fresh root key secret. */
  public static Secret generateRoot() {
    return generateWith(ROOT_PREFIX);
  }

  private static Secret generateWith(String prefix) {
    int head = prefix.length() + 1;
    char[] chars = new char[head + BODY];
    prefix.getChars(0, prefix.length(), chars, 0);
    chars[prefix.length()] = '_';
    byte[] random = new byte[64];
    int filled = 0;
    while (filled < RANDOM_CHARS) {
      RANDOM.nextBytes(random);
      for (int i = 0; i < random.length && filled < RANDOM_CHARS; i++) {
        int six = random[i] & 0x3f; // rejection sampling keeps every character equally likely
        if (six < 62) {
          chars[head + filled++] = Base62.ALPHABET.charAt(six);
        }
      }
    }
    Base62.encodeFixed(crc(chars, head + RANDOM_CHARS), CHECK_CHARS, chars, head + RANDOM_CHARS);
    return new Secret(new String(chars), prefix);
  }

  /**
   * Parses a presented key. Empty when its length, alphabet, prefix or checksum is wrong: the
   * caller answers {@code MALFORMED} without touching any store or cache.
   */
  public static Optional<Secret> parse(String text) {
    if (text == null || text.length() < BODY + 2 || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int sep = text.length() - BODY - 1;
    if (text.charAt(sep) != '_') {
      return Optional.empty();
    }
    String prefix = text.substring(0, sep);
    if (!prefix.equals(ROOT_PREFIX) && !isValidServicePrefix(prefix)) {
      return Optional.empty();
    }
    long check = 0;
    for (int i = sep + 1; i < text.length(); i++) {
      int v = Base62.value(text.charAt(i));
      if (v < 0) {
        return Optional.empty();
      }
      if (i >= text.length() - CHECK_CHARS) {
        check = check * 62 + v;
      }
    }
    if (check != crc(text, text.length() - CHECK_CHARS)) {
      return Optional.empty();
    }
    return Optional.of(new Secret(text, prefix));
  }

  private static long crc(CharSequence text, int length) {
    byte[] ascii = new byte[length];
    for (int i = 0; i < length; i++) {
      ascii[i] = (byte) text.charAt(i);
    }
    CRC32 crc = new CRC32();
    crc.update(ascii);
    return crc.getValue();
  }

  private static long crc(char[] text, int length) {
    return crc(java.nio.CharBuffer.wrap(text), length);
  }
}
