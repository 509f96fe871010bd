package dev.latchkey.core.secret;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Optional;
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

  private static final SecureRandom RANDOM = new SecureRandom();

  private KeyFormat() {}

  /** Whether {@code prefix} may be a service's key prefix. */
  public static boolean isValidServicePrefix(String prefix) {
    return prefix != null && isServicePrefix(prefix, prefix.length());
  }

  /** {@code [a-z][a-z0-9]{0,15}} over the first {@code length} characters, without a regex. */
  private static boolean isServicePrefix(CharSequence text, int length) {
    if (length < 1 || length > 16) {
      return false;
    }
    char first = text.charAt(0);
    if (first < 'a' || first > 'z') {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = text.charAt(i);
      if ((c < 'a' || c > 'z') && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
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
    byte[] ascii = new byte[head + BODY];
    for (int i = 0; i < prefix.length(); i++) {
      ascii[i] = (byte) prefix.charAt(i);
    }
    ascii[prefix.length()] = '_';
    byte[] random = new byte[64];
    int filled = 0;
    while (filled < RANDOM_CHARS) {
      RANDOM.nextBytes(random);
      for (int i = 0; i < random.length && filled < RANDOM_CHARS; i++) {
        int six = random[i] & 0x3f; // rejection sampling keeps every character equally likely
        if (six < 62) {
          ascii[head + filled++] = (byte) Base62.ALPHABET.charAt(six);
        }
      }
    }
    CRC32 crc = new CRC32();
    crc.update(ascii, 0, head + RANDOM_CHARS);
    Base62.encodeFixed(crc.getValue(), CHECK_CHARS, ascii, head + RANDOM_CHARS);
    return new Secret(new String(ascii, StandardCharsets.US_ASCII), prefix, ascii);
  }

  /**
   * Parses a presented key. Empty when its length, alphabet, prefix or checksum is wrong: the
   * caller answers {@code MALFORMED} without touching any store or cache.
   */
  public static Optional<Secret> parse(String text) {
    if (text == null || text.length() < BODY + 2 || text.length() > MAX_LENGTH) {
      return Optional.empty();
    }
    int length = text.length();
    int sep = length - BODY - 1;
    if (text.charAt(sep) != '_') {
      return Optional.empty();
    }
    boolean root = sep == ROOT_PREFIX.length() && text.startsWith(ROOT_PREFIX);
    if (!root && !isServicePrefix(text, sep)) {
      return Optional.empty();
    }
    // One pass: check the alphabet, decode the checksum, and keep the ASCII bytes, which the
    // CRC and then the digest read without another copy.
    byte[] ascii = new byte[length];
    for (int i = 0; i <= sep; i++) {
      ascii[i] = (byte) text.charAt(i);
    }
    long check = 0;
    int checkStart = length - CHECK_CHARS;
    for (int i = sep + 1; i < length; i++) {
      char c = text.charAt(i);
      int v = Base62.value(c);
      if (v < 0) {
        return Optional.empty();
      }
      ascii[i] = (byte) c;
      if (i >= checkStart) {
        check = check * 62 + v;
      }
    }
    CRC32 crc = new CRC32();
    crc.update(ascii, 0, checkStart);
    if (check != crc.getValue()) {
      return Optional.empty();
    }
    return Optional.of(new Secret(text, root ? ROOT_PREFIX : null, ascii));
  }
}
