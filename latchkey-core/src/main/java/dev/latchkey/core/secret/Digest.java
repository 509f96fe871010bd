package dev.latchkey.core.secret;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 digest of a secret: what is stored and looked up instead of the secret. The hash code
 * is taken from the digest's own (uniformly random) bytes.
 *
 * <p>Equality is a plain (vectorised) byte comparison, not a constant-time one: a digest is not a
 * secret. Timing may tell an attacker how long a prefix their guess's digest shares with a stored
 * digest, and with SHA-256's preimage resistance that says nothing about the secret behind it.
 * Secrets themselves ({@link Secret}) compare in constant time.
 */
public final class Digest {
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(Digest::newSha256);

  private final byte[] bytes;
  private final int hash;

  private Digest(byte[] bytes) {
    this.bytes = bytes;
    this.hash =
        (bytes[0] & 0xff) << 24
            | (bytes[1] & 0xff) << 16
            | (bytes[2] & 0xff) << 8
            | bytes[3] & 0xff;
  }

  /** SHA-256 of {@code bytes}. */
  static Digest sha256(byte[] bytes) {
    return new Digest(SHA256.get().digest(bytes));
  }

  /**
   * SHA-256 of {@code text} as UTF-8: for naming a reported token that is no key (a key's digest is
   * its {@link Secret#digest()}, over the same bytes, as its text is ASCII).
   */
  public static Digest ofText(String text) {
    return sha256(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A digest read back from storage. */
  public static Digest ofBytes(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + bytes.length);
    }
    return new Digest(bytes.clone());
  }

  /** The 64 lower-case hex digits, as the leak endpoints and {@code latchkey scan} name digests. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** A copy of the 32 bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Digest other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Hex of the first 8 bytes: enough to tell digests apart in a debugger, useless to an attacker.
   */
  @Override
  public String toString() {
    return "Digest[" + HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "…]";
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
