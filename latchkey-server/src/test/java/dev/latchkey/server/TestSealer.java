package dev.latchkey.server;

import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.seal.Sealer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A sealer for tests only: AES-GCM under a key made once per test JVM, the context as associated
 * data. Stands in for the Tink sealer the server is configured with in production.
 */
public final class TestSealer implements Sealer {
  public static final TestSealer INSTANCE = new TestSealer();
  private static final String PREFIX = "test1:";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private TestSealer() {
    try {
      KeyGenerator generator = KeyGenerator.getInstance("AES");
      generator.init(256);
      key = generator.generateKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String seal(byte[] plaintext, String context) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce, context);
      byte[] sealed = c.doFinal(plaintext);
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public byte[] open(String sealed, String context) {
    if (!sealed.startsWith(PREFIX)) {
      throw new SealException("not sealed by this sealer");
    }
    try {
      byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
      byte[] nonce = java.util.Arrays.copyOf(in, 12);
      return cipher(Cipher.DECRYPT_MODE, nonce, context).doFinal(in, 12, in.length - 12);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SealException("the sealed value does not open", e);
    }
  }

  @Override
  public boolean isCurrent(String sealed) {
    return sealed.startsWith(PREFIX);
  }

  private Cipher cipher(int mode, byte[] nonce, String context) throws GeneralSecurityException {
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, key, new GCMParameterSpec(128, nonce));
    c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
    return c;
  }
}
