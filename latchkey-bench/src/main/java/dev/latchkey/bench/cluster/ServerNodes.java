package dev.latchkey.bench.cluster;

import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.ServerConfig;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Starts real nodes in this process, on free loopback ports, as the cluster benchmarks use them.
 */
final class ServerNodes {
  private ServerNodes() {}

  /**
   * The key-encryption key of every node this process starts. Nodes in other processes have their
   * own: the benchmarks create no webhook, so nothing sealed is read across processes.
   */
  private static final dev.latchkey.core.provider.ServerSecret ENCRYPTION_KEY =
      dev.latchkey.core.seal.Sealer.newKeyEncryptionKey();

  /**
   * Starts a node on PostgreSQL ({@code databaseUrl}) or, when it is empty, on SQLite in {@code
   * dataDir}; a store that is still empty is bootstrapped with {@code rootKey} (only the first of
   * several nodes on one database does so).
   */
  static LatchkeyServer start(Optional<String> databaseUrl, Path dataDir, String rootKey) {
    ServerConfig config =
        ServerConfig.defaults()
            .withEncryptionKey(ENCRYPTION_KEY)
            .withPort(0)
            .withDataDir(dataDir)
            .withBootstrapRootKey(rootKey)
            .withConsole(new PrintStream(OutputStream.nullOutputStream()));
    return LatchkeyServer.start(databaseUrl.map(config::withDatabaseUrl).orElse(config));
  }

  /** The node's API, called with {@code rootKey}. */
  static HttpNode api(LatchkeyServer node, String rootKey) {
    return new HttpNode(node.uri(), rootKey);
  }
}
