package dev.latchkey.secrets.vault;

import dev.latchkey.core.sink.SinkConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A Vault sink's settings and credentials, checked. */
record VaultSinkSettings(VaultConnection connection, String mount, String path, String field) {
  private static final Set<String> SETTINGS =
      Set.of("address", "mount", "path", "field", "namespace");
  private static final Set<String> CREDENTIALS = Set.of("token", "role_id", "secret_id");

  /** One message per bad setting or credential, keyed by its place in the API. */
  static Map<String, String> problems(SinkConfig config) {
    Map<String, String> problems = new LinkedHashMap<>();
    Optional<String> address = config.setting("address");
    if (address.isEmpty()) {
      problems.put("settings.address", "required: Vault's URL, https://vault.example:8200");
    } else {
      try {
        VaultConnection.parseAddress(address.get());
      } catch (IllegalArgumentException e) {
        problems.put("settings.address", e.getMessage());
      }
    }
    if (!KvPath.isPath(config.setting("mount").orElse("secret"))) {
      problems.put("settings.mount", "must be a mount path such as secret");
    }
    if (config.setting("path").filter(KvPath::isPath).isEmpty()) {
      problems.put("settings.path", "required: the secret's path under the mount, e.g. apps/pay");
    }
    config.settings().keySet().stream()
        .filter(k -> !SETTINGS.contains(k))
        .forEach(k -> problems.put("settings." + k, "unknown setting of a Vault sink"));
    config.credentials().keySet().stream()
        .filter(k -> !CREDENTIALS.contains(k))
        .forEach(k -> problems.put("credentials." + k, "unknown credential of a Vault sink"));
    boolean token = config.credential("token").isPresent();
    boolean role =
        config.credential("role_id").isPresent() || config.credential("secret_id").isPresent();
    if (token == role) {
      problems.put("credentials", "give either token, or role_id and secret_id (AppRole)");
    } else if (role
        && (config.credential("role_id").isEmpty() || config.credential("secret_id").isEmpty())) {
      problems.put("credentials", "AppRole needs both role_id and secret_id");
    }
    return problems;
  }

  /** The settings of a configuration without {@link #problems}. */
  static VaultSinkSettings of(SinkConfig config) {
    VaultAuth auth =
        config.credential("token").isPresent()
            ? new VaultAuth.Token(config.credential("token").get())
            : new VaultAuth.AppRole(
                config.credential("role_id").orElseThrow(),
                config.credential("secret_id").orElseThrow());
    VaultConnection connection =
        new VaultConnection(
            VaultConnection.parseAddress(config.setting("address").orElseThrow()),
            config.setting("namespace").map(String::strip),
            auth);
    return new VaultSinkSettings(
        connection,
        config.setting("mount").orElse("secret"),
        config.setting("path").orElseThrow(),
        config.setting("field").orElse("api_key"));
  }
}
