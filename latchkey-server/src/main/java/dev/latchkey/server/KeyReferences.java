package dev.latchkey.server;

import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.Sealer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the key-encryption keys that {@code --encryption-key} and {@code
 * --previous-encryption-keys} refer to. A key is never given as a value on the command line, where
 * {@code ps} and shell histories show it.
 */
final class KeyReferences {
  private KeyReferences() {}

  /** Every reference of a comma-separated list; none for a blank one. */
  static List<ServerSecret> resolveAll(String option, String references) {
    List<ServerSecret> keys = new ArrayList<>();
    if (references == null || references.isBlank()) {
      return keys;
    }
    for (String ref : references.split(",")) {
      if (!ref.isBlank()) {
        keys.add(resolve(option, ref.strip()));
      }
    }
    return keys;
  }

  /**
   * The key {@code reference} names, checked to be a key-encryption key.
   *
   * @throws IllegalArgumentException naming the option and the reference, never the value
   */
  static ServerSecret resolve(String option, String reference) {
    ServerSecret key = read(option, reference);
    try {
      Sealer.envelope(key, List.of());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + " " + reference + ": " + e.getMessage());
    }
    return key;
  }

  /** {@code env:NAME} or {@code file:PATH}. */
  // TODO(integrator): resolve through SecretResolver
  private static ServerSecret read(String option, String reference) {
    if (reference.startsWith("env:")) {
      String name = reference.substring(4);
      String value = System.getenv(name);
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(
            option + ": the environment variable " + name + " is not set");
      }
      return ServerSecret.of(value);
    }
    if (reference.startsWith("file:")) {
      Path file = Path.of(reference.substring(5));
      try {
        return ServerSecret.of(Files.readString(file, StandardCharsets.US_ASCII));
      } catch (IOException e) {
        throw new IllegalArgumentException(option + ": cannot read " + file);
      }
    }
    throw new IllegalArgumentException(
        option + " takes a reference, env:NAME or file:PATH, not a key itself");
  }
}
