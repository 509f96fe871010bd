package dev.latchkey.server.cluster;

import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.ServerConfig;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Latchkey nodes on loopback sharing one PostgreSQL schema of their own, one clock the test moves,
 * and (unless a test starts nodes without it) one supplied bootstrap root key. {@link #close()}
 * stops every node started through it, then drops the schema, whatever failed before.
 *
 * <p>Thread-safe: nodes may be started from several threads at once.
 */
final class Cluster implements AutoCloseable {
  final PostgresTestDatabase database;
  final MutableClock clock = MutableClock.startingNow();

  /** The root key every node is given by {@link #start}; the first node bootstraps with it. */
  final String rootKey = KeyFormat.generateRoot().reveal();

  /**
   * The key-encryption key every node is given by {@link #config}, as nodes of one cluster share
   * it.
   */
  final ServerSecret encryptionKey = Sealer.newKeyEncryptionKey();

  private final Path dirs;
  private final List<Node> nodes = new CopyOnWriteArrayList<>();

  private Cluster(PostgresTestDatabase database, Path dirs) {
    this.database = database;
    this.dirs = dirs;
  }

  /**
   * A new, empty schema; the nodes' data directories go under {@code dirs}. Skips the test outside
   * CI when PostgreSQL cannot be reached (see {@link PostgresTestDatabase#create()}).
   */
  static Cluster create(Path dirs) {
    return new Cluster(PostgresTestDatabase.create(), dirs);
  }

  /**
   * How node {@code name} runs when nothing else is said: a free loopback port, its own data
   * directory, the schema (directly), the shared clock and encryption key, a console of its own; no
   * bootstrap key.
   */
  ServerConfig config(String name) {
    return ServerConfig.defaults()
        .withPort(0)
        .withDataDir(dirs.resolve(name))
        .withDatabaseUrl(database.url())
        .withEncryptionKey(encryptionKey)
        .withClock(clock);
  }

  /** Starts node {@code name} with {@link #config} and the shared root key. */
  Node start(String name) {
    return start(name, config(name).withBootstrapRootKey(rootKey));
  }

  /** Starts a node with {@code config} (its console is replaced by one the test can read). */
  Node start(String name, ServerConfig config) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    LatchkeyServer server =
        LatchkeyServer.start(
            config.withConsole(new PrintStream(console, true, StandardCharsets.UTF_8)));
    Node node =
        new Node(name, server, config.dataDir(), console, config.bootstrapRootKey().orElse(""));
    nodes.add(node);
    return node;
  }

  /** Stops every node (even when one fails to stop), then drops the schema. */
  @Override
  public void close() {
    List<RuntimeException> failures = new ArrayList<>();
    for (Node node : nodes) {
      try {
        node.server.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    try {
      database.close();
    } catch (RuntimeException e) {
      failures.add(e);
    }
    if (!failures.isEmpty()) {
      RuntimeException first = failures.getFirst();
      failures.stream().skip(1).forEach(first::addSuppressed);
      throw first;
    }
  }
}
