package dev.latchkey.secrets.vault;

import java.util.Objects;

/** How the client logs in to Vault. Both kinds have a redacted {@code toString}. */
sealed interface VaultAuth {
  /** A Vault token, sent as {@code X-Vault-Token}; not renewed by Latchkey. */
  record Token(String token) implements VaultAuth {
    public Token {
      Objects.requireNonNull(token);
    }

    @Override
    public String toString() {
      return "Token[redacted]";
    }
  }

  /**
   * AppRole: {@code POST /v1/auth/approle/login} with both ids gives a token with a lease, which
   * the client replaces by logging in again when the lease runs out.
   */
  record AppRole(String roleId, String secretId) implements VaultAuth {
    public AppRole {
      Objects.requireNonNull(roleId);
      Objects.requireNonNull(secretId);
    }

    @Override
    public String toString() {
      return "AppRole[redacted]";
    }
  }
}
