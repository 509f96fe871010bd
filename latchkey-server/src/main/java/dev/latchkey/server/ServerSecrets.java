package dev.latchkey.server;

import dev.latchkey.core.provider.ResolvedSecret;
import dev.latchkey.core.provider.SecretResolver;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The node's own secrets that were given as references ({@code --database-password}, {@code
 * --redis-password}), resolved, and how they are kept current. The database pools and the Redis
 * connection ask the handles for the password each time they open a connection, so a refreshed
 * value is used from the next connection on.
 *
 * @param databasePassword overrides the password of the database URL, when present
 * @param redisPassword overrides the password of the Redis URL, when present
 * @param resolver what resolved them (and the bootstrap root key), refreshed every {@code
 *     refreshEvery}; empty when nothing was given as a reference
 * @param refreshEvery how often every reference is read again; zero: never
 */
public record ServerSecrets(
    Optional<ResolvedSecret> databasePassword,
    Optional<ResolvedSecret> redisPassword,
    Optional<SecretResolver> resolver,
    Duration refreshEvery) {
  public ServerSecrets {
    Objects.requireNonNull(databasePassword);
    Objects.requireNonNull(redisPassword);
    Objects.requireNonNull(resolver);
    if (refreshEvery.isNegative()) {
      throw new IllegalArgumentException("refreshEvery must not be negative");
    }
  }

  /** No secret given as a reference. */
  public static ServerSecrets none() {
    return new ServerSecrets(
        Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(5));
  }
}
