package dev.latchkey.api;

/** Body of {@code POST /v1/keys/{id}:revoke} and {@code POST /v1/root-keys/{id}:revoke}. */
public record RevokeKey(String reason) {}
