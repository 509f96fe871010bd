package dev.latchkey.api;

/**
 * Optional body of {@code POST /v1/alerts/{id}:acknowledge}.
 *
 * @param note why, for the audit log (at most 512 characters)
 */
public record AcknowledgeAlert(String note) {}
