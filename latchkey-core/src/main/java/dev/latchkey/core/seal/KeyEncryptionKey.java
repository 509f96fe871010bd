package dev.latchkey.core.seal;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.ConfigurationV0;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import dev.latchkey.core.provider.ServerSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One key-encryption key: 32 bytes given as base64 text, as a Tink AES-256-GCM {@link Aead} that
 * wraps data-encryption keys, and its id: the first 16 hex characters of HMAC-SHA256(key, "latchkey
 * kek id"), which names the key in sealed values without revealing anything about it.
 */
record KeyEncryptionKey(String id, Aead aead) {
  static final int LENGTH = 32;
  private static final byte[] ID_LABEL = "latchkey kek id".getBytes(StandardCharsets.US_ASCII);

  static {
    try {
      AeadConfig.register(); // Tink's AEAD key types, for keysets and the envelope's DEKs
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @Override
  public String toString() {
    return "KeyEncryptionKey[id=" + id + "]";
  }

  /** A new random key, as base64 text. */
  static ServerSecret generate() {
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    try {
      return ServerSecret.of(Base64.getEncoder().encodeToString(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /**
   * The key {@code secret} holds; surrounding white space (a file's trailing newline) is ignored.
   *
   * @throws IllegalArgumentException when it is not 32 bytes in base64; the message shows nothing
   *     of the value
   */
  static KeyEncryptionKey parse(ServerSecret secret) {
    byte[] key = decode(secret.reveal().strip());
    try {
      if (key.length != LENGTH) {
        throw new IllegalArgumentException(
            "an encryption key must be 32 random bytes in base64 (e.g. openssl rand -base64 32);"
                + " the one given decodes to "
                + key.length
                + " bytes");
      }
      return new KeyEncryptionKey(idOf(key), aeadOf(key));
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] decode(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException standard) {
      try {
        return Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException url) {
        throw new IllegalArgumentException(
            "an encryption key must be 32 random bytes in base64 (e.g. openssl rand -base64 32);"
                + " the one given is not base64");
      }
    }
  }

  private static String idOf(byte[] key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(ID_LABEL), 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private static Aead aeadOf(byte[] key) {
    try {
      AesGcmKey kek =
          AesGcmKey.builder()
              .setParameters(parameters())
              .setKeyBytes(SecretBytes.copyFrom(key, InsecureSecretKeyAccess.get()))
              .build();
      return KeysetHandle.newBuilder()
          .addEntry(KeysetHandle.importKey(kek).withRandomId().makePrimary())
          .build()
          .getPrimitive(ConfigurationV0.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build AES-256-GCM", e);
    }
  }

  /** AES-256-GCM without Tink's output prefix: the sealed value names its key itself. */
  static AesGcmParameters parameters() {
    try {
      return AesGcmParameters.builder()
          .setKeySizeBytes(LENGTH)
          .setIvSizeBytes(12)
          .setTagSizeBytes(16)
          .setVariant(AesGcmParameters.Variant.NO_PREFIX)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot describe AES-256-GCM", e);
    }
  }
}
