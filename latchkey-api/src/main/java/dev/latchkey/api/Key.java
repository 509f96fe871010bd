package dev.latchkey.api;

import java.time.Instant;
import java.util.Map;

/**
 * A key's metadata. Never holds the secret: {@code start} is the prefix and first four characters,
 * enough to recognise a key on screen.
 *
 * @param rotation present while a rotation's grace period runs or once a key has been rotated
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
    Rotation rotation) {

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
