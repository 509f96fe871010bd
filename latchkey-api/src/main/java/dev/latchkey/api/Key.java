package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A key's metadata. Never holds the secret: {@code start} is the prefix and first four characters,
 * enough to recognise a key on screen.
 *
 * @param rotation present while a rotation's grace period runs or once a key has been rotated
 * @param permissions grants held directly
 * @param roles ids of the roles held
 * @param condition the CEL expression that must hold at every verification, if any
 * @param limits the key's own rate limits
 * @param credits the key's own credit balance, due refills applied; null when it has none
 * @param lastUsedAt when the key was last presented for verification (any outcome), up to 1.1 s
 *     early; null when never. Verifications an SDK verifier answers from its cache are not seen
 * @param lastClientAddress the client address of a verification in that last second: the request's
 *     client IP when the verification carried one, else the address of whoever asked; null when
 *     none was an IP literal
 */
public record Key(
    String id,
    String service,
    String consumer,
    String name,
    String start,
    Map<String, Object> meta,
    boolean enabled,
    KeyState state,
    Instant expiresAt,
    Instant createdAt,
    Instant updatedAt,
    Instant revokedAt,
    String revokeReason,
    Rotation rotation,
    List<String> permissions,
    List<String> roles,
    String condition,
    List<RateLimit> limits,
    Credits credits,
    Instant lastUsedAt,
    String lastClientAddress) {

  /**
   * The last rotation of a key.
   *
   * @param previousStart display form of the secret being rotated out
   * @param graceEndsAt when the previous secret stops verifying
   * @param previousSecretLastUsedAt when the previous secret was last presented, if ever since the
   *     rotation; tells whether consumers have switched
   */
  public record Rotation(
      Instant rotatedAt,
      String previousStart,
      Instant graceEndsAt,
      Instant previousSecretLastUsedAt) {}
}
