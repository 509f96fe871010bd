package dev.latchkey.core.store;

import dev.latchkey.api.KeyState;
import java.time.Instant;
import java.util.Optional;

/**
 * Which keys to list. Empty components match everything; {@code state} is judged at {@code now}.
 */
public record KeyFilter(
    Optional<String> serviceId,
    Optional<String> consumerId,
    Optional<KeyState> state,
    Instant now) {}
