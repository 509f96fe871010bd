package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.TestServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL append to one workspace's audit chain at once, through mutations and
 * through failed calls (which append in a transaction of their own, without the feed's lock): the
 * chain never forks, and either node verifies all of it.
 */
class AuditChainAcrossNodesTest {
  private static final int ROUNDS = 15;

  @TempDir static Path dirs;
  static Cluster cluster;
  static Node a;
  static Node b;

  @BeforeAll
  static void twoNodes() {
    cluster = Cluster.create(dirs);
    a = cluster.start("a");
    b = cluster.start("b");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void concurrentAppendsFromTwoNodes_formOneChain_thatBothVerify() throws Exception {
    long before = a.get("/v1/audit-events:verify").json().get("events_checked").asLong();
    String service = a.newService("audited");
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CyclicBarrier start = new CyclicBarrier(4);
    try {
      List<Future<Integer>> running = new ArrayList<>();
      for (Node node : List.of(a, b)) {
        running.add(
            threads.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  int created = 0;
                  for (int i = 0; i < ROUNDS; i++) {
                    Response r = node.post("/v1/keys", "{\"service\":\"" + service + "\"}");
                    created += r.status() == 201 ? 1 : 0;
                  }
                  return created;
                }));
        running.add(
            threads.submit(
                () -> {
                  start.await(30, TimeUnit.SECONDS);
                  int refused = 0;
                  for (int i = 0; i < ROUNDS; i++) {
                    Response r = node.call("POST", "/v1/services", "{\"nope\":1}", Map.of());
                    refused += r.status() == 400 ? 1 : 0;
                  }
                  return refused;
                }));
      }
      for (Future<Integer> f : running) {
        assertThat(f.get(120, TimeUnit.SECONDS)).isEqualTo(ROUNDS);
      }
    } finally {
      threads.shutdownNow();
    }

    for (Node node : List.of(a, b)) {
      JsonNode result = node.get("/v1/audit-events:verify").json();
      assertThat(result.get("valid").asBoolean()).as(result.toString()).isTrue();
      assertThat(result.get("events_checked").asLong())
          .as(node.toString())
          .isEqualTo(before + 1 + 4L * ROUNDS);
    }
  }
}
