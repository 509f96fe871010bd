package dev.latchkey.server;

import dev.latchkey.core.seal.SealException;
import dev.latchkey.core.seal.Sealer;

/**
 * The sealer of a node without a key-encryption key: it seals nothing and opens nothing, so what
 * must be stored encrypted (sink credentials) cannot be stored at all rather than stored in clear.
 */
final class RefusingSealer implements Sealer {
  static final RefusingSealer INSTANCE = new RefusingSealer();

  private RefusingSealer() {}

  @Override
  public String seal(byte[] plaintext, String context) {
    throw new SealException("no encryption key configured");
  }

  @Override
  public byte[] open(String sealed, String context) {
    throw new SealException("no encryption key configured");
  }

  @Override
  public boolean isCurrent(String sealed) {
    return false;
  }
}
