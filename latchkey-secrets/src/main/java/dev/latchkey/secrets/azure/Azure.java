package dev.latchkey.secrets.azure;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.sink.SinkDriver;
import java.util.Map;

/**
 * Azure Key Vault, through the official SDK ({@code SecretClient}, {@code ClientSecretCredential})
 * over the JDK's HTTP client.
 *
 * <ul>
 *   <li>{@link #provider(Map)} reads the server's own secrets: {@code azure-kv:vault/name}.
 *   <li>{@link #sinkDriver()} delivers keys' secrets to sinks of type {@code azure-kv}.
 * </ul>
 *
 * Both are thread-safe and fail with safe messages (names and status codes, never a value). See
 * docs/secrets.md.
 */
public final class Azure {
  private Azure() {}

  /**
   * The {@code azure-kv} provider, configured from {@code env} (in production {@code
   * System.getenv()}): a service principal from {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID}
   * and {@code AZURE_CLIENT_SECRET}; {@code AZURE_AUTHORITY_HOST} for another cloud's login host;
   * {@code LATCHKEY_AZURE_KV_URL} to replace {@code https://{vault}.vault.azure.net} (a base URL
   * for every vault, or a pattern with {@code {vault}}). Nothing is contacted before the first
   * fetch.
   */
  public static SecretProvider provider(Map<String, String> env) {
    return new AzureKeyVaultProvider(env, AzureTuning.defaults());
  }

  /** The {@code azure-kv} sink driver. */
  public static SinkDriver sinkDriver() {
    return new AzureKeyVaultSinkDriver(AzureTuning.defaults());
  }
}
