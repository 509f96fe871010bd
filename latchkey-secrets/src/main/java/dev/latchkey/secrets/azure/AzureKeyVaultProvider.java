package dev.latchkey.secrets.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.security.keyvault.secrets.SecretClient;
import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code azure-kv:vault/name[/version]}: the value of a Key Vault secret, its latest version unless
 * one is named. The vault {@code v} is {@code https://v.vault.azure.net}, or {@code
 * LATCHKEY_AZURE_KV_URL} with {@code {vault}} replaced by {@code v} (used as is when it has no
 * placeholder). One client per vault, made on first use; one credential for all.
 */
final class AzureKeyVaultProvider implements SecretProvider {
  private static final Pattern NAME = Pattern.compile("[0-9A-Za-z-]{1,127}");
  private static final Pattern VAULT = Pattern.compile("[0-9A-Za-z-]{3,24}");
  private static final List<String> CREDENTIALS =
      List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET");

  private final Map<String, String> env;
  private final AzureTuning tuning;
  private final Map<String, SecretClient> clients = new ConcurrentHashMap<>();
  private TokenCredential credential; // guarded by this

  AzureKeyVaultProvider(Map<String, String> env, AzureTuning tuning) {
    this.env = Map.copyOf(env);
    this.tuning = tuning;
  }

  @Override
  public String scheme() {
    return "azure-kv";
  }

  @Override
  public ServerSecret fetch(SecretReference reference) {
    String[] parts = reference.body().split("/", -1);
    if (parts.length < 2
        || parts.length > 3
        || !VAULT.matcher(parts[0]).matches()
        || !NAME.matcher(parts[1]).matches()) {
      throw new SecretUnavailableException(
          reference + ": not azure-kv:vault/name (a vault name and a secret name)");
    }
    String version = parts.length == 3 ? parts[2] : "";
    try {
      return ServerSecret.of(client(reference, parts[0]).getSecret(parts[1], version).getValue());
    } catch (SecretUnavailableException e) {
      throw e;
    } catch (RuntimeException e) { // the SDK's own, and MSAL's wrapped in plain RuntimeExceptions
      throw new SecretUnavailableException(reference + ": " + reason(e), e);
    }
  }

  private static String reason(Exception e) {
    return switch (AzureFailures.status(e)) {
      case 404 -> "no such secret";
      case 403 -> "access denied (the identity needs the Key Vault Secrets User role on the vault)";
      default -> AzureFailures.describe(e);
    };
  }

  private SecretClient client(SecretReference reference, String vault) {
    return clients.computeIfAbsent(
        vault, v -> AzureClients.secretClient(vaultUrl(v), credential(reference), tuning));
  }

  /** The URL of the vault named {@code vault}, after {@code LATCHKEY_AZURE_KV_URL}. */
  String vaultUrl(String vault) {
    return env("LATCHKEY_AZURE_KV_URL")
        .map(url -> url.replace("{vault}", vault))
        .orElse("https://" + vault + ".vault.azure.net");
  }

  private synchronized TokenCredential credential(SecretReference reference) {
    if (credential == null) {
      List<String> missing = CREDENTIALS.stream().filter(n -> env(n).isEmpty()).toList();
      if (!missing.isEmpty()) {
        throw new SecretUnavailableException(reference + ": set " + String.join(", ", missing));
      }
      credential =
          AzureClients.credential(
              env("AZURE_TENANT_ID").orElseThrow(),
              env("AZURE_CLIENT_ID").orElseThrow(),
              env("AZURE_CLIENT_SECRET").orElseThrow(),
              env("AZURE_AUTHORITY_HOST"),
              tuning);
    }
    return credential;
  }

  private Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name)).map(String::strip).filter(s -> !s.isEmpty());
  }

  @Override
  public String toString() {
    return "AzureKeyVaultProvider"; // the env map holds a client secret
  }
}
