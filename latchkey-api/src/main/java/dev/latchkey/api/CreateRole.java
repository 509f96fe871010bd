package dev.latchkey.api;

import java.util.List;

/** Body of {@code POST /v1/roles}: only key permissions the caller may grant. */
public record CreateRole(
    String name, String description, List<String> permissions, String condition) {}
