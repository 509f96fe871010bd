package dev.latchkey.secrets.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.policy.ExponentialBackoffOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Builds Key Vault clients and service-principal credentials. Two SDK safety checks are relaxed
 * only for hosts outside Microsoft's clouds (a local double, a private endpoint under another
 * name): the check that a vault's authentication challenge names the vault's own domain, and MSAL's
 * instance discovery, which knows only Microsoft's login hosts.
 */
final class AzureClients {
  private static final Set<String> VAULT_DOMAINS =
      Set.of(
          ".vault.azure.net",
          ".vault.azure.cn",
          ".vault.usgovcloudapi.net",
          ".vault.microsoftazure.de",
          ".managedhsm.azure.net");
  private static final Set<String> LOGIN_HOSTS =
      Set.of(
          "login.microsoftonline.com",
          "login.microsoftonline.us",
          "login.chinacloudapi.cn",
          "login.partner.microsoftonline.cn");

  private AzureClients() {}

  /** A client secret credential; {@code authorityHost} defaults to Azure's public cloud. */
  static TokenCredential credential(
      String tenantId,
      String clientId,
      String clientSecret,
      Optional<String> authorityHost,
      AzureTuning tuning) {
    ClientSecretCredentialBuilder builder =
        new ClientSecretCredentialBuilder()
            .tenantId(tenantId)
            .clientId(clientId)
            .clientSecret(clientSecret)
            .httpClient(tuning.http())
            .maxRetry(tuning.maxRetries())
            .retryOptions(retries(tuning));
    if (authorityHost.isPresent()) {
      builder.authorityHost(authorityHost.get());
      if (!LOGIN_HOSTS.contains(host(authorityHost.get()))) {
        builder.disableInstanceDiscovery();
      }
    }
    return builder.build();
  }

  static SecretClient secretClient(
      String vaultUrl, TokenCredential credential, AzureTuning tuning) {
    SecretClientBuilder builder =
        new SecretClientBuilder()
            .vaultUrl(vaultUrl)
            .credential(credential)
            .httpClient(tuning.http())
            .retryOptions(retries(tuning));
    String host = host(vaultUrl);
    if (VAULT_DOMAINS.stream().noneMatch(host::endsWith)) {
      builder.disableChallengeResourceVerification();
    }
    return builder.buildClient();
  }

  private static RetryOptions retries(AzureTuning tuning) {
    return new RetryOptions(new ExponentialBackoffOptions().setMaxRetries(tuning.maxRetries()));
  }

  /** The lower-case host of {@code url}, or "" when it has none. */
  static String host(String url) {
    try {
      return Optional.ofNullable(new URI(url).getHost()).orElse("").toLowerCase(Locale.ROOT);
    } catch (java.net.URISyntaxException e) {
      return ""; // treated as unknown; validation reports the URL itself
    }
  }

  /** Whether {@code text} is an absolute https URL with a host. */
  static boolean isHttpsUrl(String text) {
    return text.startsWith("https://") && !host(text).isEmpty();
  }
}
