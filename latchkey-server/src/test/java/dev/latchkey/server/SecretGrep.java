package dev.latchkey.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Searches captured output for secrets: each whole secret, and its secret part (what follows the
 * last {@code _}, so a key whose prefix was cut off or rewritten is still found).
 */
final class SecretGrep {
  private SecretGrep() {}

  /**
   * Where each secret appears: one line per (source, secret) found, naming the source and the
   * secret's displayable start only, so the report itself leaks nothing. Empty when none appears.
   */
  static List<String> leaks(Collection<String> secrets, Map<String, String> sources) {
    List<String> found = new ArrayList<>();
    for (String secret : secrets) {
      String body = secret.substring(secret.lastIndexOf('_') + 1);
      if (body.length() < 20) {
        throw new IllegalArgumentException("not a secret of Latchkey's format");
      }
      sources.forEach(
          (name, text) -> {
            if (text.contains(secret) || text.contains(body)) {
              found.add(name + " holds " + secret.substring(0, secret.lastIndexOf('_') + 5) + "…");
            }
          });
    }
    return found;
  }
}
