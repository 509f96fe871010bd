package dev.latchkey.core.alert;

/**
 * How webhook signing secrets are kept at rest. Unlike API keys, which are stored only as digests,
 * a signing secret must be recoverable: the dispatcher signs every delivery with it. Everything
 * that stores or reads one goes through this interface, so that a later version can seal them with
 * envelope encryption (Tink AEAD under a key outside the database) without touching the rest.
 *
 * <p>Implementations are thread-safe.
 */
public interface SigningSecretVault {
  /** The text to store for {@code secret}. */
  String seal(SigningSecret secret);

  /**
   * The secret stored as {@code sealed}.
   *
   * @throws IllegalStateException when {@code sealed} was not made by this vault
   */
  SigningSecret open(String sealed);

  /**
   * Stores secrets as they are, marked {@code plain:}: the database holds them readable, so whoever
   * can read the database (or a backup of it) can forge deliveries. Documented as such in
   * docs/alerts.md; the marker lets a sealing vault recognise and re-seal old rows.
   */
  static SigningSecretVault plaintext() {
    return PlaintextVault.INSTANCE;
  }
}
