package dev.latchkey.core.secret;

/** The alphabet of secrets and ids: {@code 0-9A-Za-z}, in that order. */
final class Base62 {
  static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final byte[] VALUE = new byte[128];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private Base62() {}

  /** The digit's value, or -1 when {@code c} is not in the alphabet. */
  static int value(char c) {
    return c < 128 ? VALUE[c] : -1;
  }

  /**
   * Writes {@code value} as exactly {@code width} digits, most significant first, into {@code out}.
   */
  static void encodeFixed(long value, int width, byte[] out, int offset) {
    long rest = value;
    for (int i = offset + width - 1; i >= offset; i--) {
      out[i] = (byte) ALPHABET.charAt((int) (rest % 62));
      rest /= 62;
    }
  }
}
