package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/**
 * A named set of key permissions of a workspace. A key holding the role holds its permissions,
 * while the role's condition (if any) holds for the request.
 *
 * @param permissions grants ({@code orders:read}, {@code orders:*}, {@code *})
 * @param condition a CEL expression that must hold for the role's permissions to count, or null
 */
public record Role(
    String id,
    String name,
    String description,
    List<String> permissions,
    String condition,
    Instant createdAt,
    Instant updatedAt) {}
