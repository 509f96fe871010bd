package dev.latchkey.core.seal;

/**
 * Seals values for storage and opens them again. A sealed value is bound to its {@code context}
 * (for example {@code "webhooks/wh_123/signing_secret"}): opening it under another context fails,
 * so a sealed value copied into another row is useless there. Implementations are thread-safe.
 */
public interface Sealer {
  /**
   * Encrypts {@code plaintext} under the current key-encryption key.
   *
   * @return text safe to store in a column; it names the key-encryption key it was made under
   */
  String seal(byte[] plaintext, String context);

  /**
   * Decrypts what {@link #seal} made.
   *
   * @throws SealException when {@code sealed} was tampered with, belongs to another context, or was
   *     made under a key-encryption key this sealer does not hold
   */
  byte[] open(String sealed, String context);

  /** Whether {@code sealed} was made under the current key-encryption key (rewrap skips it). */
  boolean isCurrent(String sealed);
}
