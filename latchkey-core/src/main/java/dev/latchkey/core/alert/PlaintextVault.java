package dev.latchkey.core.alert;

/** See {@link SigningSecretVault#plaintext()}. */
final class PlaintextVault implements SigningSecretVault {
  static final PlaintextVault INSTANCE = new PlaintextVault();
  private static final String MARK = "plain:";

  private PlaintextVault() {}

  @Override
  public String seal(SigningSecret secret) {
    return MARK + secret.reveal();
  }

  @Override
  public SigningSecret open(String sealed) {
    if (!sealed.startsWith(MARK)) {
      throw new IllegalStateException("the stored signing secret was sealed by another vault");
    }
    return SigningSecret.of(sealed.substring(MARK.length()));
  }
}
