package dev.latchkey.api;

import java.util.Map;

/**
 * Body of {@code PATCH /v1/sinks/{id}}. A {@code null} component is unchanged; {@code settings} and
 * {@code credentials} replace the whole map when given.
 */
public record UpdateSink(
    String name, Map<String, String> settings, Map<String, String> credentials) {
  @Override
  public String toString() {
    return "UpdateSink[name="
        + name
        + ", credentials="
        + (credentials == null ? "unchanged" : credentials.keySet())
        + "]";
  }
}
