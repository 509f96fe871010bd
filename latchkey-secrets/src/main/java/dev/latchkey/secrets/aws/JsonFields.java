package dev.latchkey.secrets.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Fields of a SecretString holding a JSON object, as the console's key/value editor writes it.
 * Parse errors are reported without the text (which is a secret).
 */
final class JsonFields {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonFields() {}

  /** The object {@code text} holds, or empty when it is not a JSON object. */
  static Optional<ObjectNode> object(String text) {
    try {
      return JSON.readTree(text) instanceof ObjectNode o ? Optional.of(o) : Optional.empty();
    } catch (JsonProcessingException e) {
      return Optional.empty(); // not JSON; the caller names the reference, never the text
    }
  }

  /** The field's text: a string as is, any other JSON value as JSON. */
  static Optional<String> field(ObjectNode object, String name) {
    JsonNode value = object.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    return Optional.of(value.isTextual() ? value.textValue() : value.toString());
  }

  /** {@code object} with {@code name} set to {@code value}, the other fields kept in order. */
  static String with(ObjectNode object, String name, String value) {
    ObjectNode copy = object.deepCopy();
    copy.put(name, value);
    return copy.toString();
  }

  static ObjectNode empty() {
    return JSON.createObjectNode();
  }
}
