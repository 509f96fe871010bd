package dev.latchkey.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A place keys' secrets are delivered to on creation and rotation. Its credentials are never shown:
 * only their names.
 *
 * @param type {@code file}, {@code kubernetes}, {@code vault}, {@code aws-sm}, {@code azure-kv} or
 *     {@code one_time_link}
 * @param settings the type's settings (paths, addresses, names); never secret
 * @param credentials the names of the credentials it holds, sealed
 */
public record Sink(
    String id,
    String name,
    String type,
    Map<String, String> settings,
    List<String> credentials,
    Instant createdAt,
    Instant updatedAt) {}
