package dev.latchkey.secrets.vault;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Vault is and how to log in.
 *
 * @param address the server, {@code https://vault.example:8200}, without {@code /v1}
 * @param namespace the Vault Enterprise namespace sent as {@code X-Vault-Namespace}, when set
 * @param auth the token or AppRole
 */
record VaultConnection(URI address, Optional<String> namespace, VaultAuth auth) {
  VaultConnection {
    Objects.requireNonNull(address);
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(auth);
  }

  /** The address parsed; the message of a bad one does not repeat it. */
  static URI parseAddress(String text) {
    try {
      URI uri = new URI(text.strip().replaceAll("/+$", ""));
      String scheme = Optional.ofNullable(uri.getScheme()).orElse("");
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new IllegalArgumentException("the Vault address must be an http:// or https:// URL");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("the Vault address is not a URL");
    }
  }
}
