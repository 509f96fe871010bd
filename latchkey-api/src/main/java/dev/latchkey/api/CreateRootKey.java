package dev.latchkey.api;

import java.time.Instant;
import java.util.List;

/** Body of {@code POST /v1/root-keys}: only permissions the caller holds can be granted. */
public record CreateRootKey(String name, List<String> permissions, Instant expiresAt) {}
