package dev.latchkey.api;

import java.util.Map;

/**
 * Body of {@code POST /v1/sinks}.
 *
 * @param settings the type's settings; see docs/rotation.md for each type
 * @param credentials what the sink authenticates with (a token, a client secret); stored sealed,
 *     never returned
 */
public record CreateSink(
    String name, String type, Map<String, String> settings, Map<String, String> credentials) {
  @Override
  public String toString() {
    return "CreateSink[name="
        + name
        + ", type="
        + type
        + ", credentials="
        + (credentials == null ? "none" : credentials.keySet())
        + "]";
  }
}
