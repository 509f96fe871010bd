package dev.latchkey.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.testing.MutableClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VaultProviderTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final VaultDouble vault = VaultDouble.start(clock);
  private final String password = "pw-" + UUID.randomUUID();

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultProvider provider(Map<String, String> env) {
    return VaultProvider.fromEnv(env, clock, Duration.ofSeconds(5));
  }

  private VaultProvider withToken() {
    return provider(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.newToken()));
  }

  private static SecretReference ref(String text) {
    return SecretReference.parse(text);
  }

  @Test
  void readsAField_withTheNamespace() {
    vault.put("secret", "latchkey", Map.of("db_password", password, "other", "x"));
    VaultProvider provider =
        provider(
            Map.of(
                "VAULT_ADDR",
                vault.address() + "/",
                "VAULT_TOKEN",
                vault.newToken(),
                "VAULT_NAMESPACE",
                "team-a"));

    assertThat(provider.scheme()).isEqualTo("vault");
    assertThat(provider.fetch(ref("vault:secret/latchkey#db_password")).reveal())
        .isEqualTo(password);
    assertThat(vault.namespaces).containsOnly("team-a");
  }

  @Test
  void readsNestedPaths() {
    vault.put("secret", "apps/latchkey/prod", Map.of("pw", password));
    assertThat(withToken().fetch(ref("vault:secret/apps/latchkey/prod#pw")).reveal())
        .isEqualTo(password);
  }

  @Test
  void aMissingFieldSecretOrMount_isUnavailable_namingTheReferenceNotAValue() {
    vault.put("secret", "latchkey", Map.of("db_password", password));
    VaultProvider provider = withToken();
    assertThatThrownBy(() -> provider.fetch(ref("vault:secret/latchkey#nope")))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessageStartingWith("vault:secret/latchkey#nope: ")
        .hasMessageContaining("has no field nope")
        .hasMessageNotContaining(password);
    assertThatThrownBy(() -> provider.fetch(ref("vault:secret/missing#pw")))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("vault:secret/missing#pw: no secret at secret/missing");
    assertThatThrownBy(() -> provider.fetch(ref("vault:kv/latchkey#pw")))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessageStartingWith("vault:kv/latchkey#pw: Vault answered 404: no handler for route");
  }

  @Test
  void aBadToken_isUnavailable_withoutTheToken() {
    vault.put("secret", "latchkey", Map.of("pw", password));
    String bad = "hvs." + UUID.randomUUID();
    VaultProvider provider = provider(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", bad));
    assertThatThrownBy(() -> provider.fetch(ref("vault:secret/latchkey#pw")))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("vault:secret/latchkey#pw: Vault answered 403: permission denied")
        .hasMessageNotContaining(bad);
  }

  @Test
  void appRole_logsInAgain_whenTheTokenExpires() {
    vault.put("secret", "latchkey", Map.of("pw", password));
    String secretId = UUID.randomUUID().toString();
    vault.addRole("latchkey-role", secretId, Duration.ofMinutes(10));
    VaultProvider provider =
        provider(
            Map.of(
                "VAULT_ADDR",
                vault.address(),
                "VAULT_ROLE_ID",
                "latchkey-role",
                "VAULT_SECRET_ID",
                secretId));

    provider.fetch(ref("vault:secret/latchkey#pw"));
    provider.fetch(ref("vault:secret/latchkey#pw"));
    assertThat(vault.logins).hasValue(1);

    clock.advance(Duration.ofMinutes(11));
    assertThat(provider.fetch(ref("vault:secret/latchkey#pw")).reveal()).isEqualTo(password);
    assertThat(vault.logins).hasValue(2);

    vault.revokeAllTokens(); // a 403 on a token still within its lease: one login more
    assertThat(provider.fetch(ref("vault:secret/latchkey#pw")).reveal()).isEqualTo(password);
    assertThat(vault.logins).hasValue(3);
  }

  @Test
  void aRefusedAppRoleLogin_isUnavailable() {
    vault.addRole("r", "right", Duration.ofMinutes(10));
    VaultProvider provider =
        provider(
            Map.of(
                "VAULT_ADDR", vault.address(), "VAULT_ROLE_ID", "r", "VAULT_SECRET_ID", "wrong"));
    assertThatThrownBy(() -> provider.fetch(ref("vault:secret/x#y")))
        .hasMessageContaining("refused the AppRole login: 400 invalid role or secret ID")
        .hasMessageNotContaining("wrong");
  }

  @Test
  void unconfiguredOrMalformed_isUnavailable_sayingWhy() throws Exception {
    assertThatThrownBy(() -> provider(Map.of()).fetch(ref("vault:secret/x#y")))
        .hasMessage("vault:secret/x#y: VAULT_ADDR is not set");
    assertThatThrownBy(
            () -> provider(Map.of("VAULT_ADDR", vault.address())).fetch(ref("vault:secret/x#y")))
        .hasMessageContaining("neither VAULT_TOKEN nor both VAULT_ROLE_ID and VAULT_SECRET_ID");
    for (String bad :
        new String[] {"vault:secret#y", "vault:secret/x", "vault:/x#y", "vault:s/../x#y"}) {
      assertThatThrownBy(() -> withToken().fetch(ref(bad)))
          .as(bad)
          .hasMessageContaining("expected vault:mount/path#field");
    }
  }

  @Test
  void connectionRefused_isUnavailable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    VaultProvider provider =
        provider(Map.of("VAULT_ADDR", "http://127.0.0.1:" + closed, "VAULT_TOKEN", "t"));
    assertThatThrownBy(() -> provider.fetch(ref("vault:secret/x#y")))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessage("vault:secret/x#y: cannot connect to Vault (refused)");
  }
}
