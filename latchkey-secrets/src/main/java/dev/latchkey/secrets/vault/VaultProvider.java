package dev.latchkey.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Scheme {@code vault}: {@code vault:secret/latchkey#db_password} is the field {@code db_password}
 * of the KV v2 secret {@code latchkey} in the engine mounted at {@code secret} (the first path
 * segment is always the mount). Where Vault is and how to log in comes from the environment, as the
 * {@code vault} CLI takes it: {@code VAULT_ADDR}; {@code VAULT_TOKEN}, or AppRole with {@code
 * VAULT_ROLE_ID} and {@code VAULT_SECRET_ID}; {@code VAULT_NAMESPACE} when set.
 *
 * <p>Thread-safe; an AppRole token is kept and replaced as its lease runs out. Each read times out
 * after 10 s (5 s to connect).
 */
public final class VaultProvider implements SecretProvider {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final Optional<VaultConnection> connection;
  private final String unconfigured;
  private final Clock clock;
  private final Duration requestTimeout;
  private VaultClient client; // made on the first fetch: no HTTP client where Vault is not used

  private VaultProvider(
      Optional<VaultConnection> connection,
      String unconfigured,
      Clock clock,
      Duration requestTimeout) {
    this.connection = connection;
    this.unconfigured = unconfigured;
    this.clock = clock;
    this.requestTimeout = requestTimeout;
  }

  /**
   * A provider configured by {@code env} ({@link System#getenv()} in production). A missing or
   * incomplete configuration is not an error until a {@code vault:} reference is fetched.
   */
  public static VaultProvider fromEnv(Map<String, String> env) {
    return fromEnv(env, Clock.systemUTC(), REQUEST_TIMEOUT);
  }

  static VaultProvider fromEnv(Map<String, String> env, Clock clock, Duration requestTimeout) {
    try {
      return new VaultProvider(Optional.of(VaultEnv.connection(env)), "", clock, requestTimeout);
    } catch (IllegalArgumentException e) {
      return new VaultProvider(Optional.empty(), e.getMessage(), clock, requestTimeout);
    }
  }

  private synchronized VaultClient client(VaultConnection connection) {
    if (client == null) {
      client =
          new VaultClient(
              VaultClient.newHttpClient(CONNECT_TIMEOUT), connection, clock, requestTimeout);
    }
    return client;
  }

  @Override
  public String scheme() {
    return "vault";
  }

  /**
   * @throws SecretUnavailableException when the reference is malformed, Vault is not configured,
   *     refuses, fails or cannot be reached, or the secret or field does not exist; the message
   *     names the reference, never a value or a token
   */
  @Override
  public ServerSecret fetch(SecretReference reference) {
    KvPath kv =
        KvPath.parse(reference.body())
            .orElseThrow(() -> unavailable(reference, "expected vault:mount/path#field"));
    VaultClient vault = client(connection.orElseThrow(() -> unavailable(reference, unconfigured)));
    KvSecret secret;
    try {
      secret =
          vault
              .read(kv.mount(), kv.path())
              .orElseThrow(
                  () -> unavailable(reference, "no secret at " + kv.mount() + "/" + kv.path()));
    } catch (VaultFailure e) {
      throw new SecretUnavailableException(reference + ": " + e.getMessage(), e);
    }
    JsonNode value = secret.data().path(kv.field());
    if (!value.isValueNode() || value.isNull()) {
      throw unavailable(
          reference,
          kv.mount() + "/" + kv.path() + " has no field " + kv.field() + " (or not a text)");
    }
    return ServerSecret.of(value.asText());
  }

  private static SecretUnavailableException unavailable(SecretReference reference, String why) {
    return new SecretUnavailableException(reference + ": " + why);
  }
}
