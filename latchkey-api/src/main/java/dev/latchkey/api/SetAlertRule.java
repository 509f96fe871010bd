package dev.latchkey.api;

/**
 * Body of {@code PUT /v1/alert-rules/{rule}}: {@code action} is {@code none} or {@code
 * disable_key}.
 */
public record SetAlertRule(String action) {}
