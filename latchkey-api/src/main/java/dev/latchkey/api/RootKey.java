package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/**
 * A management credential of a workspace.
 *
 * @param services the service ids it is confined to, or null for every service
 * @param keyPermissions key grants it may give to keys and roles ({@code *} in {@code permissions}
 *     implies every one)
 */
public record RootKey(
    String id,
    String name,
    String start,
    List<String> permissions,
    Instant expiresAt,
    Instant createdAt,
    Instant revokedAt,
    String revokeReason,
    List<String> services,
    List<String> keyPermissions) {}
