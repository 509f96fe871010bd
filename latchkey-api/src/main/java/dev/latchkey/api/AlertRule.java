package dev.latchkey.api;

import java.time.Instant;

/**
 * What the workspace does, besides alerting, when {@code rule} raises an alert.
 *
 * @param action {@code none} or {@code disable_key}
 */
public record AlertRule(String rule, String action, Instant updatedAt) {}
