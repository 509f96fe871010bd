package dev.latchkey.server;

import dev.latchkey.core.provider.SecretResolver;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.secrets.SecretStores;
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

  /**
   * Any secret reference ({@code env:}, {@code file:}, {@code vault:}, {@code aws-sm:}, {@code
   * azure-kv:}), read once: the key-encryption keys are read at start and not refreshed.
   */
  private static ServerSecret read(String option, String reference) {
    SecretResolver resolver = SecretResolver.of(SecretStores.providers(System.getenv()));
    if (!resolver.isReference(reference)) {
      throw new IllegalArgumentException(
          option
              + " takes a reference ("
              + String.join(":…, ", resolver.schemes())
              + ":…), not a key itself: a key on the command line is visible in ps");
    }
    try {
      return resolver.resolve(option, reference).current();
    } catch (SecretUnavailableException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }
}
