package dev.latchkey.secrets.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureKeyVaultProviderTest {
  private static TestTls tls;

  private final String password = UUID.randomUUID().toString();
  private FakeAzure azure;

  @BeforeAll
  static void certificate() throws Exception {
    tls = TestTls.create();
  }

  @BeforeEach
  void start() throws Exception {
    azure = new FakeAzure(tls);
    azure.set("db-password", "old-" + password);
    azure.set("db-password", password);
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void readsTheLatestVersion_afterTheVaultsChallengeAndAToken() {
    assertThat(provider(env()).fetch(ref("azure-kv:myvault/db-password")).reveal())
        .isEqualTo(password);
    String tenant = azure.identity.tenantId;
    assertThat(azure.requests)
        .containsSubsequence(
            "GET /secrets/db-password/", // unauthenticated: answered by the challenge
            "POST /" + tenant + "/oauth2/v2.0/token",
            "GET /secrets/db-password/"); // the SDK's form for "latest version"
  }

  @Test
  void tokenIsReused_acrossFetches() {
    SecretProvider provider = provider(env());
    provider.fetch(ref("azure-kv:myvault/db-password"));
    provider.fetch(ref("azure-kv:myvault/db-password"));
    assertThat(azure.requests).filteredOn(r -> r.endsWith("/token")).hasSize(1);
  }

  @Test
  void namedVersion_isRead() {
    String first = azure.versions("db-password").getFirst().id();
    assertThat(provider(env()).fetch(ref("azure-kv:myvault/db-password/" + first)).reveal())
        .isEqualTo("old-" + password);
  }

  @Test
  void vaultUrl_isPublicAzure_unlessOverridden_withOrWithoutPlaceholder() {
    assertThat(new AzureKeyVaultProvider(Map.of(), tuning(Duration.ofSeconds(1))).vaultUrl("kv1"))
        .isEqualTo("https://kv1.vault.azure.net");
    var china =
        new AzureKeyVaultProvider(
            Map.of("LATCHKEY_AZURE_KV_URL", "https://{vault}.vault.azure.cn"),
            tuning(Duration.ofSeconds(1)));
    assertThat(china.vaultUrl("kv1")).isEqualTo("https://kv1.vault.azure.cn");
    var fixed =
        new AzureKeyVaultProvider(
            Map.of("LATCHKEY_AZURE_KV_URL", "https://kv.internal:8443"),
            tuning(Duration.ofSeconds(1)));
    assertThat(fixed.vaultUrl("kv1")).isEqualTo("https://kv.internal:8443");
  }

  @Test
  void missingSecret_failsNamingTheReference() {
    assertUnavailable(provider(env()), "azure-kv:myvault/nothing", "no such secret");
  }

  @Test
  void accessDenied_failsSayingSo() {
    azure.deny("db-password");
    assertUnavailable(provider(env()), "azure-kv:myvault/db-password", "access denied");
  }

  @Test
  void wrongClientSecret_failsAuthentication() {
    Map<String, String> env = env();
    env.put("AZURE_CLIENT_SECRET", "wrong");
    assertUnavailable(provider(env), "azure-kv:myvault/db-password", "authentication failed");
  }

  @Test
  void missingCredentials_areNamed() {
    Map<String, String> env = env();
    env.remove("AZURE_CLIENT_SECRET");
    assertUnavailable(provider(env), "azure-kv:myvault/db-password", "set AZURE_CLIENT_SECRET");
  }

  @Test
  void malformedReference_fails() {
    assertUnavailable(provider(env()), "azure-kv:db-password", "not azure-kv:vault/name");
  }

  private void assertUnavailable(SecretProvider provider, String reference, String reason) {
    assertThatThrownBy(() -> provider.fetch(ref(reference)))
        .isInstanceOf(SecretUnavailableException.class)
        .hasMessageContaining(reference)
        .hasMessageContaining(reason)
        .message()
        .doesNotContain(password, azure.identity.clientSecret);
  }

  private Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AZURE_TENANT_ID", azure.identity.tenantId);
    env.put("AZURE_CLIENT_ID", azure.identity.clientId);
    env.put("AZURE_CLIENT_SECRET", azure.identity.clientSecret);
    env.put("AZURE_AUTHORITY_HOST", azure.url());
    env.put("LATCHKEY_AZURE_KV_URL", azure.url());
    return env;
  }

  static AzureTuning tuning(Duration timeout) {
    return new AzureTuning(
        AzureTuning.jdkClient(HttpClient.newBuilder().sslContext(tls.client), timeout, timeout), 0);
  }

  private static SecretProvider provider(Map<String, String> env) {
    return new AzureKeyVaultProvider(env, tuning(Duration.ofSeconds(5)));
  }

  private static SecretReference ref(String text) {
    return SecretReference.parse(text);
  }
}
