package dev.latchkey.server;

import dev.latchkey.core.verify.CacheSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run a server.
 *
 * @param port 0 picks a free port
 * @param dataDir holds the SQLite database and, after the first start, the bootstrap root key file
 * @param bootstrapRootKey a root key made by {@code latchkey keygen --root} to bootstrap with
 * @param console where the first start prints the bootstrap key (standard output in production)
 * @param shutdownGrace how long in-flight requests may take to finish when stopping
 */
public record ServerConfig(
    String host,
    int port,
    Path dataDir,
    Optional<String> bootstrapRootKey,
    Clock clock,
    CacheSettings cache,
    PrintStream console,
    Duration shutdownGrace) {

  /** Loopback, port 8080, {@code ./latchkey-data}, the system clock, standard output. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        Path.of("latchkey-data"),
        Optional.empty(),
        Clock.systemUTC(),
        CacheSettings.defaults(),
        System.out,
        Duration.ofSeconds(10));
  }

  public ServerConfig withPort(int port) {
    return new ServerConfig(
        host, port, dataDir, bootstrapRootKey, clock, cache, console, shutdownGrace);
  }

  public ServerConfig withHost(String host) {
    return new ServerConfig(
        host, port, dataDir, bootstrapRootKey, clock, cache, console, shutdownGrace);
  }

  public ServerConfig withDataDir(Path dataDir) {
    return new ServerConfig(
        host, port, dataDir, bootstrapRootKey, clock, cache, console, shutdownGrace);
  }

  public ServerConfig withBootstrapRootKey(String key) {
    return new ServerConfig(
        host, port, dataDir, Optional.of(key), clock, cache, console, shutdownGrace);
  }

  public ServerConfig withClock(Clock clock) {
    return new ServerConfig(
        host, port, dataDir, bootstrapRootKey, clock, cache, console, shutdownGrace);
  }

  public ServerConfig withConsole(PrintStream console) {
    return new ServerConfig(
        host, port, dataDir, bootstrapRootKey, clock, cache, console, shutdownGrace);
  }
}
