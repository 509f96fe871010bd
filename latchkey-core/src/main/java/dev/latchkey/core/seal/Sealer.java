package dev.latchkey.core.seal;

import dev.latchkey.core.provider.ServerSecret;
import java.util.ArrayList;
import java.util.List;

/**
 * Seals values for storage and opens them again. A sealed value is bound to its {@code context}
 * (for example {@code "webhooks/wh_123/signing_secret"}): opening it under another context fails,
 * so a sealed value copied into another row is useless there. Implementations are thread-safe.
 */
public interface Sealer {
  /**
   * Envelope encryption (Tink AEAD): each value gets a fresh AES-256-GCM data-encryption key, which
   * is stored encrypted under the key-encryption key {@code current}. Values sealed under one of
   * {@code previous} still open (during a key rotation, until {@code latchkey rewrap} re-sealed
   * them); new values are always sealed under {@code current}. Sealed text looks like {@code
   * lk1.<kek id>.<base64url>}, where the kek id is a one-way digest of the key.
   *
   * @param current 32 random bytes in base64, as {@link #newKeyEncryptionKey()} makes them
   * @throws IllegalArgumentException when a key is not 32 bytes in base64; the message shows
   *     nothing of the key
   */
  static Sealer envelope(ServerSecret current, List<ServerSecret> previous) {
    List<KeyEncryptionKey> older = new ArrayList<>();
    for (ServerSecret s : previous) {
      older.add(KeyEncryptionKey.parse(s));
    }
    return new EnvelopeSealer(KeyEncryptionKey.parse(current), older);
  }

  /** A new random key-encryption key (32 bytes from {@code SecureRandom}), as base64 text. */
  static ServerSecret newKeyEncryptionKey() {
    return KeyEncryptionKey.generate();
  }

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
   *     made under a key-encryption key this sealer does not hold (the message names its id)
   */
  byte[] open(String sealed, String context);

  /** Whether {@code sealed} was made under the current key-encryption key (rewrap skips it). */
  boolean isCurrent(String sealed);

  /** The id of the current key-encryption key, as sealed values name it; safe to log. */
  String currentKeyId();
}
