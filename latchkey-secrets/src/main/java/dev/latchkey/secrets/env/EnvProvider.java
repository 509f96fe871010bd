package dev.latchkey.secrets.env;

import dev.latchkey.core.provider.SecretProvider;
import dev.latchkey.core.provider.SecretReference;
import dev.latchkey.core.provider.SecretUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import java.util.Map;

/**
 * Scheme {@code env}: {@code env:NAME} is the environment variable {@code NAME}, as the process was
 * started with it (the value is taken as it is, trailing newline and all). Unset and empty are the
 * same: unavailable. Thread-safe.
 */
public final class EnvProvider implements SecretProvider {
  private final Map<String, String> env;

  private EnvProvider(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** A provider reading {@code env}: {@link System#getenv()} in production. */
  public static EnvProvider of(Map<String, String> env) {
    return new EnvProvider(env);
  }

  @Override
  public String scheme() {
    return "env";
  }

  /**
   * @throws SecretUnavailableException {@code "env:NAME is not set"} when unset or empty
   */
  @Override
  public ServerSecret fetch(SecretReference reference) {
    String value = env.get(reference.body());
    if (value == null || value.isEmpty()) {
      throw new SecretUnavailableException("env:" + reference.body() + " is not set");
    }
    return ServerSecret.of(value);
  }
}
