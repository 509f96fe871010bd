package dev.latchkey.core.sink;

import java.util.Map;
import java.util.Optional;

/**
 * A sink's configuration as its driver sees it: plain settings (paths, addresses, names) and
 * credentials (tokens, client secrets), which are stored sealed and never returned by the API.
 *
 * @param settings the sink's settings; values are plain text, never secret
 * @param credentials what the driver authenticates with; may be empty (ambient credentials)
 */
public record SinkConfig(Map<String, String> settings, Map<String, String> credentials) {
  public SinkConfig {
    settings = Map.copyOf(settings);
    credentials = Map.copyOf(credentials);
  }

  /** The setting {@code name}, when present and not blank. */
  public Optional<String> setting(String name) {
    return Optional.ofNullable(settings.get(name)).filter(s -> !s.isBlank());
  }

  /** The credential {@code name}, when present and not blank. */
  public Optional<String> credential(String name) {
    return Optional.ofNullable(credentials.get(name)).filter(s -> !s.isBlank());
  }

  /** Redacted: credential names only. */
  @Override
  public String toString() {
    return "SinkConfig[settings=" + settings + ", credentials=" + credentials.keySet() + "]";
  }
}
