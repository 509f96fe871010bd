package dev.latchkey.server.cluster;

import static dev.latchkey.server.cluster.UsageLimitsAcrossNodesTest.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.limit.FallbackMode;
import dev.latchkey.redis.testing.RedisProcess;
import dev.latchkey.server.LimitSettings;
import dev.latchkey.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis stopped mid-load behaves as configured and recovers, on two nodes sharing PostgreSQL and a
 * {@code redis-server} of the test's own: with the {@code local} fallback each node counts alone at
 * half the limit (the cluster stays within it); with {@code closed} rate-limited keys are denied;
 * credits, which live in the store, never notice; and once Redis is back, counting is shared again.
 */
class RedisOutageAcrossNodesTest {
  static final int LIMIT = 20;

  @TempDir Path dirs;

  static Node start(Cluster cluster, String name, String url, FallbackMode mode) {
    ServerConfig config =
        cluster
            .config(name)
            .withBootstrapRootKey(cluster.rootKey)
            // Per-node windows follow the node's clock: a real one, as Redis's is.
            .withClock(Clock.systemUTC())
            .withLimits(LimitSettings.defaults().withRedisUrl(url).withFallback(mode).withNodes(2));
    return cluster.start(name, config);
  }

  static String limited() {
    return "\"limits\":[{\"name\":\"requests\",\"limit\":" + LIMIT + ",\"period\":\"PT1S\"}]";
  }

  @Test
  void localFallback_countsHalfTheLimitPerNode_whileRedisIsDown_andSharesAgainOnceBack() {
    try (RedisProcess redis = RedisProcess.start();
        Cluster cluster = Cluster.create(dirs)) {
      Node a = start(cluster, "a", redis.url(), FallbackMode.LOCAL);
      Node b = start(cluster, "b", redis.url(), FallbackMode.LOCAL);
      String service = a.newService("outage");
      Node.IssuedKey key = a.newKey(service, limited());
      Node.IssuedKey credited = a.newKey(service, "\"credits\":{\"remaining\":100000}");

      UsageLimitsAcrossNodesTest.Windows before = load(List.of(a, b), List.of(key), 1_200);
      assertThat(before.maxTotal()).isLessThanOrEqualTo(LIMIT);

      redis.kill();
      UsageLimitsAcrossNodesTest.Windows down = load(List.of(a, b), List.of(key), 2_200);
      assertThat(down.errors()).as("answers while Redis is down").isZero();
      assertThat(down.maxOnOneNode()).isLessThanOrEqualTo(LIMIT / 2);
      assertThat(down.maxTotal()).isLessThanOrEqualTo(LIMIT);
      assertThat(down.wholeWindowTotals())
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n).isEqualTo(LIMIT));
      assertThat(a.verdict(credited.secret())).isEqualTo("VALID");
      assertThat(a.get("/readyz").json().get("rate_limits").asText()).isEqualTo("fallback");

      redis.restart();
      // Shared again: each node alone gets the whole limit in a window, which it never could
      // counting alone. (Until both are back, the switch is not exact: docs/limits.md.)
      for (Node node : List.of(a, b)) {
        Awaitility.await()
            .atMost(Duration.ofSeconds(15))
            .pollDelay(Duration.ZERO)
            .untilAsserted(
                () ->
                    assertThat(load(List.of(node), List.of(key), 1_100).maxOnOneNode())
                        .isEqualTo(LIMIT));
        assertThat(node.get("/readyz").json().get("rate_limits").asText()).isEqualTo("redis");
      }
      UsageLimitsAcrossNodesTest.Windows after = load(List.of(a, b), List.of(key), 2_200);
      assertThat(after.errors()).isZero();
      assertThat(after.maxTotal()).isLessThanOrEqualTo(LIMIT);
      assertThat(after.maxOnOneNode()).isGreaterThan(LIMIT / 2);
    }
  }

  @Test
  void closedFallback_deniesRateLimitedKeys_whileRedisIsDown_butNotCredits_andRecovers() {
    try (RedisProcess redis = RedisProcess.start();
        Cluster cluster = Cluster.create(dirs)) {
      Node a = start(cluster, "a", redis.url(), FallbackMode.CLOSED);
      Node b = start(cluster, "b", redis.url(), FallbackMode.CLOSED);
      String service = a.newService("outage");
      Node.IssuedKey key = a.newKey(service, limited());
      Node.IssuedKey credited = a.newKey(service, "\"credits\":{\"remaining\":100000}");
      assertThat(a.verdict(key.secret())).isEqualTo("VALID");

      redis.kill();
      for (int i = 0; i < 20; i++) {
        assertThat((i % 2 == 0 ? a : b).verdict(key.secret())).isEqualTo("RATE_LIMITED");
      }
      assertThat(b.verdict(credited.secret())).isEqualTo("VALID");

      redis.restart();
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .untilAsserted(
              () -> {
                assertThat(a.verdict(key.secret())).isEqualTo("VALID");
                assertThat(b.verdict(key.secret())).isEqualTo("VALID");
              });
    }
  }

  @Test
  void aNodeStartsWhileRedisIsDown_andCountsAloneUntilItAnswers() {
    try (RedisProcess redis = RedisProcess.start();
        Cluster cluster = Cluster.create(dirs)) {
      redis.kill();
      Node a = start(cluster, "a", redis.url(), FallbackMode.LOCAL);
      String service = a.newService("late");
      Node.IssuedKey key = a.newKey(service, limited());

      UsageLimitsAcrossNodesTest.Windows alone = load(List.of(a), List.of(key), 2_200);
      assertThat(alone.errors()).isZero();
      assertThat(alone.wholeWindowTotals())
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n).isEqualTo(LIMIT / 2));

      redis.restart();
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .pollDelay(Duration.ZERO)
          .untilAsserted(
              () ->
                  assertThat(load(List.of(a), List.of(key), 1_100).maxOnOneNode())
                      .isEqualTo(LIMIT));
    }
  }
}
