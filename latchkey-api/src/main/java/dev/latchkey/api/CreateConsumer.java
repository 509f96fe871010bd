package dev.latchkey.api;

import java.util.Map;

/** Body of {@code POST /v1/consumers}. {@code external_id} is unique in a workspace when set. */
public record CreateConsumer(String name, String externalId, Map<String, Object> meta) {}
