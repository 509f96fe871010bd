package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

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
 * An {@code Idempotency-Key} means the same thing whichever node a retry reaches: the first
 * response is replayed (same key id, same secret), a different request under it is refused, and two
 * nodes receiving it at once create one key between them.
 */
class IdempotencyAcrossNodesTest {
  private static final int CONCURRENT_ROUNDS = 20;

  @TempDir static Path dirs;
  static Cluster cluster;
  static Node a;
  static Node b;
  static Node c;

  @BeforeAll
  static void threeNodes() {
    cluster = Cluster.create(dirs);
    a = cluster.start("a");
    b = cluster.start("b");
    c = cluster.start("c");
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Response createKey(Node node, String idempotencyKey, String body) {
    return node.call("POST", "/v1/keys", body, Map.of("Idempotency-Key", idempotencyKey));
  }

  private static List<String> keyIdsOf(Node node, String service) {
    Response r = node.get("/v1/keys?page_size=100&service=" + service);
    assertThat(r.status()).isEqualTo(200);
    return r.json().get("items").findValuesAsText("id");
  }

  /**
   * Both responses issue the same key with the same secret (compared without printing it: a failure
   * message must not carry a secret).
   */
  private static void assertSameIssuedKey(Response actual, Response expected, String what) {
    assertThat(actual.json().get("data")).as(what).isEqualTo(expected.json().get("data"));
    String secret = actual.json().get("key").asText();
    assertThat(secret.startsWith("t_") && secret.equals(expected.json().get("key").asText()))
        .as("%s: the same secret", what)
        .isTrue();
  }

  @Test
  void retryOnAnotherNode_replaysTheFirstResponse_andADifferentBodyIsRefused() {
    String service = a.newService("retried");
    String body = "{\"service\":\"" + service + "\",\"name\":\"first\"}";

    Response first = createKey(a, "create-once", body);
    Response retry = createKey(b, "create-once", body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(retry.status()).isEqualTo(201);
    assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
    assertSameIssuedKey(retry, first, "the retry on B");
    assertThat(keyIdsOf(c, service)).containsExactly(first.json().get("data").get("id").asText());

    Response other =
        createKey(c, "create-once", "{\"service\":\"" + service + "\",\"name\":\"second\"}");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.header("Content-Type")).startsWith("application/problem+json");
    assertThat(other.json().get("type").asText())
        .isEqualTo("urn:latchkey:problem:idempotency-key-reused");
    assertThat(keyIdsOf(a, service)).hasSize(1);
  }

  @Test
  void sameKeyOnTwoNodesAtOnce_createsOneKey_andBothAnswerWithIt() throws Exception {
    String service = a.newService("raced");
    CyclicBarrier barrier = new CyclicBarrier(2);
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
        String idempotencyKey = "race-" + round;
        String body = "{\"service\":\"" + service + "\",\"name\":\"" + idempotencyKey + "\"}";
        List<Future<Response>> sent = new ArrayList<>();
        for (Node node : List.of(a, b)) {
          sent.add(
              threads.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return createKey(node, idempotencyKey, body);
                  }));
        }
        Response onA = sent.get(0).get(30, TimeUnit.SECONDS);
        Response onB = sent.get(1).get(30, TimeUnit.SECONDS);

        assertThat(onA.status()).as("round %d on A: %s", round, onA.body()).isEqualTo(201);
        assertThat(onB.status()).as("round %d on B: %s", round, onB.body()).isEqualTo(201);
        assertSameIssuedKey(onB, onA, "round " + round);
        boolean replayedOnA = "true".equals(onA.header("Idempotent-Replayed"));
        boolean replayedOnB = "true".equals(onB.header("Idempotent-Replayed"));
        assertThat(replayedOnA ^ replayedOnB).as("exactly one replay in round %d", round).isTrue();
      }
    }
    assertThat(keyIdsOf(c, service)).as("one key per round").hasSize(CONCURRENT_ROUNDS);
  }

  /**
   * A create with a unique field (a service's name): the second of two racing requests collides on
   * the name before it reaches the idempotency record; it must still replay the first response.
   */
  @Test
  void sameKeyOnTwoNodesAtOnce_forAUniqueName_replaysInsteadOfConflicting() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < CONCURRENT_ROUNDS; round++) {
        String idempotencyKey = "service-race-" + round;
        String body = "{\"name\":\"raced-service-" + round + "\"}";
        List<Future<Response>> sent = new ArrayList<>();
        for (Node node : List.of(a, b)) {
          sent.add(
              threads.submit(
                  () -> {
                    barrier.await(10, TimeUnit.SECONDS);
                    return node.call(
                        "POST", "/v1/services", body, Map.of("Idempotency-Key", idempotencyKey));
                  }));
        }
        Response onA = sent.get(0).get(30, TimeUnit.SECONDS);
        Response onB = sent.get(1).get(30, TimeUnit.SECONDS);
        assertThat(onA.status()).as("round %d on A: %s", round, onA.body()).isEqualTo(201);
        assertThat(onB.status()).as("round %d on B: %s", round, onB.body()).isEqualTo(201);
        assertThat(onB.json().get("id").asText()).isEqualTo(onA.json().get("id").asText());
      }
    }
  }
}
