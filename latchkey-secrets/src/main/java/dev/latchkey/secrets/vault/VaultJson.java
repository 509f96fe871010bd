package dev.latchkey.secrets.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.latchkey.secrets.vault.VaultFailure.Kind;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;

/** Vault's JSON: bodies to send, answers to read, and its {@code {"errors":[…]}} shape. */
final class VaultJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_ERROR_CHARS = 300;

  private VaultJson() {}

  static JsonNode parse(String body) {
    try {
      return body.isBlank() ? MissingNode.getInstance() : MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new VaultFailure(Kind.SERVER_ERROR, 0, "Vault's answer is not JSON", null);
    }
  }

  static HttpRequest.BodyPublisher publisher(JsonNode body) {
    try {
      return HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of JSON nodes", e);
    }
  }

  /**
   * The messages of an error answer, joined with "; " and cut short; empty when there are none.
   * Vault's error messages name paths and reasons, never a token or a secret's value.
   */
  static String errors(String body) {
    JsonNode errors;
    try {
      errors = body.isBlank() ? MissingNode.getInstance() : MAPPER.readTree(body).path("errors");
    } catch (JsonProcessingException e) {
      return "";
    }
    List<String> messages = new ArrayList<>();
    errors.forEach(e -> messages.add(e.asText()));
    String joined = String.join("; ", messages).replaceAll("\\s+", " ").strip();
    return joined.length() > MAX_ERROR_CHARS ? joined.substring(0, MAX_ERROR_CHARS) + "…" : joined;
  }
}
