package dev.latchkey.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.latchkey.api.Json;
import dev.latchkey.api.Page;

/** Jackson types of the responses, built once. */
final class Types {
  private static final TypeFactory FACTORY = Json.mapper().getTypeFactory();

  private Types() {}

  static JavaType of(Class<?> type) {
    return FACTORY.constructType(type);
  }

  static JavaType pageOf(Class<?> item) {
    return FACTORY.constructParametricType(Page.class, item);
  }
}
