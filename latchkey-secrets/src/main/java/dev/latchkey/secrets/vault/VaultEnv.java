package dev.latchkey.secrets.vault;

import java.util.Map;
import java.util.Optional;

/** The Vault connection the {@code vault} CLI's environment variables describe. */
final class VaultEnv {
  private VaultEnv() {}

  /**
   * @throws IllegalArgumentException naming what is missing, never a value
   */
  static VaultConnection connection(Map<String, String> env) {
    String address =
        value(env, "VAULT_ADDR")
            .orElseThrow(() -> new IllegalArgumentException("VAULT_ADDR is not set"));
    return new VaultConnection(
        VaultConnection.parseAddress(address), value(env, "VAULT_NAMESPACE"), auth(env));
  }

  private static VaultAuth auth(Map<String, String> env) {
    Optional<String> token = value(env, "VAULT_TOKEN");
    Optional<String> roleId = value(env, "VAULT_ROLE_ID");
    Optional<String> secretId = value(env, "VAULT_SECRET_ID");
    if (token.isPresent()) {
      return new VaultAuth.Token(token.get());
    }
    if (roleId.isPresent() && secretId.isPresent()) {
      return new VaultAuth.AppRole(roleId.get(), secretId.get());
    }
    throw new IllegalArgumentException(
        "neither VAULT_TOKEN nor both VAULT_ROLE_ID and VAULT_SECRET_ID are set");
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }
}
