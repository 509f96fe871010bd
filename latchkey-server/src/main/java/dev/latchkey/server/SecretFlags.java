package dev.latchkey.server;

import dev.latchkey.core.provider.ResolvedSecret;
import dev.latchkey.core.provider.SecretResolver;
import dev.latchkey.core.provider.SecretUnavailableException;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code server} options that take a secret reference ({@code --bootstrap-root-key}, {@code
 * --database-password}, {@code --redis-password}), resolved into the configuration before anything
 * starts. A plain value is refused: a secret on the command line is visible to every user of the
 * machine in {@code ps}.
 *
 * @param bootstrapRootKey the reference of the root key to bootstrap with
 * @param databasePassword the reference of the database password
 * @param redisPassword the reference of the Redis password
 * @param refreshEvery how often every reference is read again; zero: never
 */
record SecretFlags(
    Optional<String> bootstrapRootKey,
    Optional<String> databasePassword,
    Optional<String> redisPassword,
    Duration refreshEvery) {

  /**
   * {@code config} with the referenced secrets, read now.
   *
   * @throws IllegalArgumentException when an option holds no reference of a known scheme, or its
   *     URL option is missing; the message names the option and never repeats its value
   * @throws SecretUnavailableException when a reference cannot be read: {@code "<option>
   *     (<reference>): <reason>"}
   */
  ServerConfig resolve(ServerConfig config, SecretResolver resolver) {
    if (databasePassword.isPresent() && config.databaseUrl().isEmpty()) {
      throw new IllegalArgumentException("--database-password needs --database-url");
    }
    if (redisPassword.isPresent() && config.limits().redisUrl().isEmpty()) {
      throw new IllegalArgumentException("--redis-password needs --redis-url");
    }
    Optional<ResolvedSecret> root = resolve(resolver, "--bootstrap-root-key", bootstrapRootKey);
    Optional<ResolvedSecret> database = resolve(resolver, "--database-password", databasePassword);
    Optional<ResolvedSecret> redis = resolve(resolver, "--redis-password", redisPassword);
    if (root.isPresent()) {
      config = config.withBootstrapRootKey(root.get().current().reveal());
    }
    boolean any = root.isPresent() || database.isPresent() || redis.isPresent();
    return config.withSecrets(
        new ServerSecrets(
            database, redis, any ? Optional.of(resolver) : Optional.empty(), refreshEvery));
  }

  private static Optional<ResolvedSecret> resolve(
      SecretResolver resolver, String option, Optional<String> reference) {
    if (reference.isEmpty()) {
      return Optional.empty();
    }
    if (!resolver.isReference(reference.get().strip())) {
      throw new IllegalArgumentException(
          option
              + " takes a secret reference ("
              + String.join(":…, ", resolver.schemes())
              + ":…), not a value: a secret on the command line is visible to every user in ps;"
              + " put it in a file or an environment variable and pass file:/path or env:NAME");
    }
    return Optional.of(resolver.resolve(option, reference.get().strip()));
  }
}
