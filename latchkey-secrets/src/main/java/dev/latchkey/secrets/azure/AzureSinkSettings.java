package dev.latchkey.secrets.azure;

import dev.latchkey.core.sink.SinkConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** An {@code azure-kv} sink's configuration, read; {@code toString} names no credential. */
record AzureSinkSettings(
    String vaultUrl,
    String name,
    Optional<String> authorityHost,
    String tenantId,
    String clientId,
    String clientSecret) {

  static AzureSinkSettings of(SinkConfig config) {
    return new AzureSinkSettings(
        config.setting("vault_url").orElseThrow().replaceAll("/+$", ""),
        config.setting("name").orElseThrow(),
        config.setting("authority_host"),
        config.credential("tenant_id").orElseThrow(),
        config.credential("client_id").orElseThrow(),
        config.credential("client_secret").orElseThrow());
  }

  /** One message per bad field, without contacting Azure. */
  static Map<String, String> problems(SinkConfig config) {
    Map<String, String> problems = new LinkedHashMap<>();
    if (config.setting("vault_url").filter(AzureClients::isHttpsUrl).isEmpty()) {
      problems.put("settings.vault_url", "required: https://{vault}.vault.azure.net");
    }
    if (config.setting("name").filter(n -> n.matches("[0-9A-Za-z-]{1,127}")).isEmpty()) {
      problems.put("settings.name", "required: 1 to 127 letters, digits and dashes");
    }
    if (config.setting("authority_host").filter(a -> !AzureClients.isHttpsUrl(a)).isPresent()) {
      problems.put(
          "settings.authority_host", "an https URL such as https://login.microsoftonline.us");
    }
    for (String credential : new String[] {"tenant_id", "client_id", "client_secret"}) {
      if (config.credential(credential).isEmpty()) {
        problems.put("credentials." + credential, "required");
      }
    }
    return problems;
  }

  @Override
  public String toString() {
    return "azure-kv:" + vaultUrl + "/secrets/" + name;
  }
}
