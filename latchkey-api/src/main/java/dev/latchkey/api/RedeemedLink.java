package dev.latchkey.api;

/**
 * Response of {@code POST /v1/one-time-links/{token}}: a key's secret, the one time the link gives
 * it.
 *
 * @param keyId the key the secret opens
 * @param secret the plaintext secret; store it now
 */
public record RedeemedLink(String keyId, String secret) {
  @Override
  public String toString() {
    return "RedeemedLink[keyId=" + keyId + ", secret=<redacted>]";
  }
}
