package dev.latchkey.core.provider;

import java.util.Objects;

/**
 * Where one of the server's secrets is kept: {@code scheme:body}, e.g. {@code env:PGPASSWORD},
 * {@code file:/run/secrets/kek}, {@code vault:secret/latchkey#db_password}, {@code
 * aws-sm:prod/latchkey#password}, {@code azure-kv:myvault/db-password}. The text is not secret and
 * may be logged.
 *
 * @param scheme the part before the first colon, lower case
 * @param body the rest, which the scheme's provider interprets
 */
public record SecretReference(String scheme, String body) {
  public SecretReference {
    Objects.requireNonNull(scheme);
    Objects.requireNonNull(body);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException when it has no {@code scheme:} prefix or an empty body
   */
  public static SecretReference parse(String text) {
    int colon = text.indexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(
          "not a secret reference (env:NAME, file:/path, vault:path#field, aws-sm:name#field or "
              + "azure-kv:vault/name)");
    }
    String scheme = text.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
    return new SecretReference(scheme, text.substring(colon + 1).strip());
  }

  @Override
  public String toString() {
    return scheme + ":" + body;
  }
}
