package dev.latchkey.redis;

import dev.latchkey.core.limit.LimiterUnavailableException;
import dev.latchkey.core.provider.ServerSecret;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One Lettuce connection, shared by all threads (Lettuce pipelines their commands), set up to fail
 * fast: commands time out after {@code timeout}, are rejected at once while disconnected, and the
 * connection reconnects by itself, retrying at least once a second. The first connection is made
 * lazily and retried at most once a second, so a node can start while Redis is down. Thread-safe.
 */
final class Connector implements AutoCloseable {
  private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientResources resources;
  private final RedisClient client;
  private final String where;
  private volatile StatefulRedisConnection<String, String> connection;
  private long nextAttempt = System.nanoTime();

  /**
   * @param password when present, the password of every connection (and reconnection), asked for
   *     each time one is made; it overrides the URL's
   */
  Connector(String redisUrl, Duration timeout, Optional<Supplier<ServerSecret>> password) {
    RedisURI uri = parse(redisUrl);
    uri.setTimeout(timeout);
    password.ifPresent(p -> uri.setCredentialsProvider(current(userOf(uri), p)));
    this.where = uri.getHost() + ":" + uri.getPort();
    this.resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            // Each charge is one small request awaiting its answer: never hold it back (Nagle).
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).tcpNoDelay(true).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
  }

  /** The connection's commands, connecting first if needed. */
  RedisCommands<String, String> redis() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null ? c.sync() : connect().sync();
  }

  private synchronized StatefulRedisConnection<String, String> connect() {
    if (connection != null) {
      return connection;
    }
    if (System.nanoTime() - nextAttempt < 0) {
      throw new LimiterUnavailableException("Redis at " + where + " not connected yet", null);
    }
    try {
      connection = client.connect();
      return connection;
    } catch (RedisException | IllegalStateException e) {
      // IllegalStateException: the client was shut down (the node is stopping).
      nextAttempt = System.nanoTime() + RETRY_NANOS;
      throw new LimiterUnavailableException("cannot connect to Redis at " + where, e);
    }
  }

  /**
   * Credentials read at each (re)connection: once the password is rotated in Redis and the
   * reference refreshed, the next connection authenticates with the new one. (Redis checks a
   * password only at {@code AUTH}: connections already open carry on.)
   */
  private static RedisCredentialsProvider current(String user, Supplier<ServerSecret> password) {
    return RedisCredentialsProvider.from(
        () -> RedisCredentials.just(user, password.get().reveal()));
  }

  /** The user name the URL gives, or null (then {@code AUTH} takes the password alone). */
  private static String userOf(RedisURI uri) {
    return uri.getCredentialsProvider()
            instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider given
        ? given.resolveCredentialsNow().getUsername()
        : null;
  }

  /** The URL parsed; a malformed one is refused without echoing it (it may hold a password). */
  private static RedisURI parse(String redisUrl) {
    try {
      return RedisURI.create(redisUrl);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the Redis URL is not valid: expected redis://[:password@]host[:port][/db] or rediss://…");
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (connection != null) {
        connection.close();
      }
      client.shutdown();
    } finally {
      resources.shutdown();
    }
  }
}
