package dev.latchkey.server;

import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.secret.Secret;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.SecretRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.store.SqlStores;
import java.time.Instant;
import java.util.List;

/**
 * Writes straight into a {@link TestServer}'s database what the API cannot (yet) make: a second
 * workspace, a root key confined to services or limited in the key grants it may give. The server
 * then sees them as if they had always been there.
 */
final class SideDoor {
  private final TestServer server;

  SideDoor(TestServer server) {
    this.server = server;
  }

  /** The workspace bootstrap created. */
  String bootstrapWorkspace() {
    try (Store side = open()) {
      return side.read(tx -> tx.workspaces().firstId()).orElseThrow();
    }
  }

  /** A new, empty workspace. */
  String newWorkspace() {
    String id = Ids.newId("ws");
    try (Store side = open()) {
      side.write(
          tx -> {
            tx.workspaces().insert(id, "other", Instant.now());
            return null;
          });
    }
    return id;
  }

  /**
   * A live root key's secret.
   *
   * @param services the services it is confined to, or null for every service
   */
  String rootKey(
      String workspace, List<String> permissions, List<String> services, List<String> grants) {
    Secret secret = KeyFormat.generateRoot();
    String id = Ids.newId("rk");
    Instant now = server.clock.instant();
    try (Store side = open()) {
      side.write(
          tx -> {
            tx.rootKeys()
                .insert(
                    new RootKeyRow(
                        id,
                        workspace,
                        "side door",
                        secret.start(),
                        permissions,
                        null,
                        now,
                        null,
                        null,
                        services,
                        grants));
            tx.secrets()
                .insert(new SecretRow(workspace, secret.digest(), id, secret.start(), now, null));
            return null;
          });
    }
    return secret.reveal();
  }

  private Store open() {
    return SqlStores.openSqlite(server.dataDir.resolve("latchkey.db"));
  }
}
