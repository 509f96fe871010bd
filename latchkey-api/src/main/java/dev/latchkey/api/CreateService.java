package dev.latchkey.api;

/** Body of {@code POST /v1/services}. {@code prefix} defaults to {@code lk}. */
public record CreateService(String name, String prefix) {}
