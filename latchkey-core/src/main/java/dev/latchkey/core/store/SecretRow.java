package dev.latchkey.core.store;

import dev.latchkey.core.secret.Digest;
import java.time.Instant;

/**
 * One secret of a key or root key: its digest, never its plaintext.
 *
 * @param ownerId the key or root key it opens
 * @param start display form (prefix and first four characters)
 * @param retiresAt null for the live secret; for a rotated-out one, when its grace period ends
 */
public record SecretRow(
    String workspaceId,
    Digest digest,
    String ownerId,
    String start,
    Instant createdAt,
    Instant retiresAt) {}
