package dev.latchkey.api;

/**
 * Body of {@code PATCH /v1/services/{id}}; an absent field is left unchanged. A new prefix applies
 * to keys issued or rotated afterwards; existing secrets keep theirs.
 */
public record UpdateService(String name, String prefix) {}
