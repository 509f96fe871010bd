package dev.latchkey.client;

import dev.latchkey.api.LeakFindings;
import java.util.List;

/**
 * Leaked secrets ({@code /v1/leaks:check}, {@code keys.read}; {@code /v1/leaks:revoke}, {@code
 * keys.revoke}), named by the SHA-256 digests of the secrets so that the secrets themselves are
 * never sent: {@link #digestOf} computes one. Thread-safe. Every method throws a {@link
 * LatchkeyException} when the call fails.
 */
public interface LeaksApi {

  /** What each digest opens in the workspace; changes nothing. At most 500 digests. */
  LeakFindings check(List<String> digests);

  /**
   * Revokes every live key or root key the digests open (for a rotated-out secret still in its
   * grace period, ends the grace instead); {@code source} (optional) is recorded in the audit
   * trail. At most 500 digests.
   */
  LeakFindings revoke(List<String> digests, String source);

  /** The lower-case hex SHA-256 of a secret's ASCII, as the server stores it. */
  static String digestOf(String secret) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(secret.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
