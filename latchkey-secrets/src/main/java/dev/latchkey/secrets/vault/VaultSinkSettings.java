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
    addressProblem(config.setting("address")).ifPresent(p -> problems.put("settings.address", p));
    if (!KvPath.isPath(config.setting("mount").orElse("secret"))) {
      problems.put("settings.mount", "must be a mount path such as secret");
    }
    if (config.setting("path").filter(KvPath::isPath).isEmpty()) {
      problems.put("settings.path", "required: the secret's path under the mount, e.g. apps/pay");
    }
    unknown(config.settings().keySet(), SETTINGS, "settings.", problems);
    unknown(config.credentials().keySet(), CREDENTIALS, "credentials.", problems);
    credentialsProblem(config).ifPresent(p -> problems.put("credentials", p));
    return problems;
  }

  private static Optional<String> addressProblem(Optional<String> address) {
    if (address.isEmpty()) {
      return Optional.of("required: Vault's URL, https://vault.example:8200");
    }
    try {
      VaultConnection.parseAddress(address.get());
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private static void unknown(
      Set<String> given, Set<String> known, String prefix, Map<String, String> problems) {
    given.stream()
        .filter(k -> !known.contains(k))
        .forEach(k -> problems.put(prefix + k, "unknown to a Vault sink"));
  }

  private static Optional<String> credentialsProblem(SinkConfig config) {
    boolean token = config.credential("token").isPresent();
    boolean roleId = config.credential("role_id").isPresent();
    boolean secretId = config.credential("secret_id").isPresent();
    if (token == (roleId || secretId)) {
      return Optional.of("give either token, or role_id and secret_id (AppRole)");
    }
    if (!token && !(roleId && secretId)) {
      return Optional.of("AppRole needs both role_id and secret_id");
    }
    return Optional.empty();
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
