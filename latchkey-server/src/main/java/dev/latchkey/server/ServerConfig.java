package dev.latchkey.server;

import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.verify.CacheSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run a node.
 *
 * @param port 0 picks a free port
 * @param dataDir holds the SQLite database (when no database URL is set) and, after the first
 *     start, the bootstrap root key file
 * @param databaseUrl a PostgreSQL URL ({@code postgresql://…} or {@code jdbc:postgresql://…}) for a
 *     cluster; empty for the embedded SQLite store
 * @param bootstrapRootKey a root key made by {@code latchkey keygen --root} to bootstrap with
 * @param follower how the node follows the change feed, and how long it trusts its cache without
 * @param heartbeat how often {@code /v1/events} streams send a heartbeat when idle
 * @param changeRetention how long change records are kept (how far back streams can resume)
 * @param console where the first start prints the bootstrap key (standard output in production)
 * @param shutdownGrace how long in-flight requests may take to finish when stopping
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> databaseUrl,
    Optional<String> bootstrapRootKey,
    Clock clock,
    CacheSettings cache,
    FollowerSettings follower,
    Duration heartbeat,
    Duration changeRetention,
    PrintStream console,
    Duration shutdownGrace) {

  /** Loopback, port 8080, SQLite in {@code ./latchkey-data}, the system clock, standard output. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        Path.of("latchkey-data"),
        Optional.empty(),
        Optional.empty(),
        Clock.systemUTC(),
        CacheSettings.defaults(),
        FollowerSettings.defaults(),
        Duration.ofSeconds(15),
        Duration.ofHours(24),
        System.out,
        Duration.ofSeconds(10));
  }

  public ServerConfig withHost(String host) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withDataDir(Path dataDir) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withDatabaseUrl(String url) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        Optional.of(url),
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withBootstrapRootKey(String key) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        Optional.of(key),
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withClock(Clock clock) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withFollower(FollowerSettings follower) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withHeartbeat(Duration heartbeat) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }

  public ServerConfig withConsole(PrintStream console) {
    return new ServerConfig(
        host,
        port,
        dataDir,
        databaseUrl,
        bootstrapRootKey,
        clock,
        cache,
        follower,
        heartbeat,
        changeRetention,
        console,
        shutdownGrace);
  }
}
