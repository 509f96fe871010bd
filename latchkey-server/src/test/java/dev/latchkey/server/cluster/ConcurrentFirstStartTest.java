package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.TestServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three nodes start at the same moment on an empty schema, with no root key supplied and a data
 * directory each: the schema is migrated once, one of them bootstraps, and all of them serve.
 */
class ConcurrentFirstStartTest {
  private static final int NODES = 3;
  private static final Pattern PRINTED_KEY = Pattern.compile("(?m)^ {4}(lk_root_\\S+)$");

  @TempDir Path dirs;
  Cluster cluster;

  @BeforeEach
  void emptySchema() {
    cluster = Cluster.create(dirs);
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void threeNodesStartingTogether_migrateOnce_bootstrapOnce_andAllServeWithThatRootKey()
      throws Exception {
    List<Node> nodes = startTogether();

    assertThat(count("flyway_schema_history WHERE version = '1' AND success")).isEqualTo(1);
    assertThat(count("flyway_schema_history WHERE NOT success")).isZero();
    assertThat(count("workspaces")).isEqualTo(1);
    assertThat(count("root_keys")).isEqualTo(1);

    List<Node> printers = nodes.stream().filter(n -> n.console().contains("lk_root_")).toList();
    assertThat(printers).as("nodes that printed a bootstrap key").hasSize(1);
    Node bootstrapper = printers.getFirst();
    Matcher printed = PRINTED_KEY.matcher(bootstrapper.console());
    assertThat(printed.find()).as("the printed key line").isTrue();
    String rootKey = printed.group(1);
    for (Node n : nodes) {
      Path file = n.dataDir.resolve("bootstrap-root-key");
      if (n == bootstrapper) {
        assertThat(Files.readString(file, StandardCharsets.US_ASCII).strip().equals(rootKey))
            .as("the key file holds the printed key")
            .isTrue();
      } else {
        assertThat(file).as("a key file in %s's data dir", n.name).doesNotExist();
      }
    }

    for (Node n : nodes) {
      Node withKey = n.as(rootKey);
      Response rootKeys = withKey.get("/v1/root-keys");
      assertThat(rootKeys.status()).as("GET /v1/root-keys on %s", n.name).isEqualTo(200);
      assertThat(rootKeys.json().get("items")).hasSize(1);
      String service = withKey.newService("served-by-" + n.name);
      assertThat(withKey.verdict(withKey.newKey(service, "").secret())).isEqualTo("VALID");
    }
  }

  /** Starts the nodes on threads released together by a barrier; fails if one does not start. */
  private List<Node> startTogether() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(NODES);
    try (ExecutorService threads = Executors.newFixedThreadPool(NODES)) {
      List<Future<Node>> starting = new ArrayList<>();
      for (int i = 0; i < NODES; i++) {
        String name = "node-" + i;
        starting.add(
            threads.submit(
                () -> {
                  barrier.await(30, TimeUnit.SECONDS);
                  return cluster.start(name, cluster.config(name));
                }));
      }
      List<Node> nodes = new ArrayList<>();
      for (Future<Node> f : starting) {
        nodes.add(f.get(60, TimeUnit.SECONDS)); // rethrows a node's failure to start
      }
      return nodes;
    }
  }

  private long count(String fromWhere) {
    return cluster.database.queryLong("SELECT count(*) FROM " + fromWhere);
  }
}
