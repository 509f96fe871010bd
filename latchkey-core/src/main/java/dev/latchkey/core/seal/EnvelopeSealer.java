package dev.latchkey.core.seal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.aead.KmsEnvelopeAead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Envelope encryption with Tink: every {@link #seal} makes a fresh AES-256-GCM data-encryption key
 * that encrypts the value with the context as associated data; the data-encryption key is encrypted
 * under the key-encryption key ({@link KmsEnvelopeAead}, with the key-encryption key as its
 * "remote" AEAD). Sealed text: {@code lk1.<kek id>.<base64url of Tink's envelope>}.
 */
final class EnvelopeSealer implements Sealer {
  static final String VERSION = "lk1";

  private final String currentId;
  private final Map<String, Aead> envelopes = new LinkedHashMap<>();

  EnvelopeSealer(KeyEncryptionKey current, List<KeyEncryptionKey> previous) {
    this.currentId = current.id();
    envelopes.put(current.id(), envelope(current));
    for (KeyEncryptionKey k : previous) {
      envelopes.putIfAbsent(k.id(), envelope(k));
    }
  }

  private static Aead envelope(KeyEncryptionKey kek) {
    try {
      return KmsEnvelopeAead.create(KeyEncryptionKey.parameters(), kek.aead());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the envelope AEAD", e);
    }
  }

  @Override
  public String seal(byte[] plaintext, String context) {
    try {
      byte[] sealed = envelopes.get(currentId).encrypt(plaintext, associated(context));
      return VERSION
          + "."
          + currentId
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new SealException("sealing failed", e);
    }
  }

  @Override
  public byte[] open(String sealed, String context) {
    String[] parts = sealed.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION) || parts[1].isEmpty()) {
      throw new SealException("not a sealed value (expected " + VERSION + ".<kek id>.<data>)");
    }
    String kekId = parts[1];
    Aead envelope = envelopes.get(kekId);
    if (envelope == null) {
      throw new SealException(
          "sealed under key-encryption key "
              + kekId
              + ", which is neither the current key ("
              + currentId
              + ") nor a previous one given (--previous-encryption-keys)");
    }
    try {
      return envelope.decrypt(Base64.getUrlDecoder().decode(parts[2]), associated(context));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // No cause: nothing of the value or the keys is worth passing on.
      throw new SealException(
          "the sealed value does not open under key-encryption key "
              + kekId
              + ": it was altered, or belongs to another row or column");
    }
  }

  @Override
  public boolean isCurrent(String sealed) {
    return sealed.startsWith(VERSION + "." + currentId + ".");
  }

  @Override
  public String currentKeyId() {
    return currentId;
  }

  private static byte[] associated(String context) {
    return context.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "EnvelopeSealer[current=" + currentId + ", held=" + envelopes.keySet() + "]";
  }
}
