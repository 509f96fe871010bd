package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.limit.FallbackMode;
import dev.latchkey.redis.testing.RedisTestServer;
import dev.latchkey.server.LimitSettings;
import dev.latchkey.server.ServerConfig;
import dev.latchkey.server.TestServer.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage limits hold exactly across nodes sharing real PostgreSQL (credits) and real Redis (rate
 * limits): 64 concurrent clients spread over two nodes never get more than a key's credits or more
 * than a limit per window, and get all of them when they ask for more. The windows are Redis's (its
 * clock), so each admitted verdict is assigned to the window its {@code reset} names.
 */
class UsageLimitsAcrossNodesTest {
  static final int CLIENTS = 64;

  @TempDir Path dirs;

  /** Starts node {@code name} of {@code cluster} counting rate limits in Redis at {@code url}. */
  static Node startWithRedis(Cluster cluster, String name, String url, FallbackMode mode) {
    ServerConfig config =
        cluster
            .config(name)
            .withBootstrapRootKey(cluster.rootKey)
            .withLimits(LimitSettings.defaults().withRedisUrl(url).withFallback(mode).withNodes(2));
    return cluster.start(name, config);
  }

  /** 1,000 credits, 64 clients on two nodes without Redis: exactly 1,000 VALID. */
  @Test
  void credits_areExactAcrossTwoNodes_throughTheStore() {
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a = cluster.start("a");
      Node b = cluster.start("b");
      assertExactCredits(a, b, "");
    }
  }

  /** The same with Redis counting a rate limit the load never reaches. */
  @Test
  void credits_areExactAcrossTwoNodes_withARedisRateLimitToo() {
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a = startWithRedis(cluster, "a", RedisTestServer.url(), FallbackMode.LOCAL);
      Node b = startWithRedis(cluster, "b", RedisTestServer.url(), FallbackMode.LOCAL);
      assertExactCredits(
          a, b, "\"limits\":[{\"name\":\"requests\",\"limit\":1000000,\"period\":\"PT1S\"}],");
    }
  }

  private static void assertExactCredits(Node a, Node b, String moreFields) {
    String service = a.newService("metered");
    Node.IssuedKey key = a.newKey(service, moreFields + "\"credits\":{\"remaining\":1000}");
    Map<String, AtomicLong> codes = new ConcurrentHashMap<>();
    run(
        CLIENTS,
        i -> {
          Node node = i % 2 == 0 ? a : b;
          while (true) {
            String code = code(node.post("/v1/keys:verify", "{\"key\":\"" + key.secret() + "\"}"));
            codes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
            if (!code.equals("VALID")) {
              return;
            }
          }
        });
    assertThat(codes.get("VALID").get()).isEqualTo(1000);
    assertThat(codes.keySet()).containsExactlyInAnyOrder("VALID", "USAGE_EXCEEDED");
    JsonNode stored = b.get("/v1/keys/" + key.id()).json();
    assertThat(stored.get("credits").get("remaining").asLong()).isZero();
  }

  /** A limit of 25 per second, 64 clients on two nodes for 2.5 s: 25 in every whole window. */
  @Test
  void rateLimit_neverAdmitsMoreThanTheLimitInAWindow_acrossTwoNodes() {
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a = startWithRedis(cluster, "a", RedisTestServer.url(), FallbackMode.LOCAL);
      Node b = startWithRedis(cluster, "b", RedisTestServer.url(), FallbackMode.LOCAL);
      String service = a.newService("limited");
      Node.IssuedKey key =
          a.newKey(
              service, "\"limits\":[{\"name\":\"requests\",\"limit\":25,\"period\":\"PT1S\"}]");

      Windows windows = load(List.of(a, b), List.of(key), 2_500);

      assertThat(windows.errors()).isZero();
      assertThat(windows.maxTotal()).isLessThanOrEqualTo(25);
      assertThat(windows.wholeWindowTotals())
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n).isEqualTo(25));
    }
  }

  /** A consumer's limit of 20 per second is shared by two keys used on two nodes. */
  @Test
  void consumerLimit_isSharedByItsKeys_acrossTwoNodes() {
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a = startWithRedis(cluster, "a", RedisTestServer.url(), FallbackMode.LOCAL);
      Node b = startWithRedis(cluster, "b", RedisTestServer.url(), FallbackMode.LOCAL);
      String service = a.newService("shared");
      Response con =
          a.post(
              "/v1/consumers",
              "{\"name\":\"acme\",\"limits\":[{\"name\":\"requests\",\"limit\":20,\"period\":\"PT1S\"}]}");
      assertThat(con.status()).as(con.body()).isEqualTo(201);
      String consumer = "\"consumer\":\"" + con.json().get("id").asText() + "\"";
      Node.IssuedKey k1 = a.newKey(service, consumer);
      Node.IssuedKey k2 = b.newKey(service, consumer);

      Windows windows = load(List.of(a, b), List.of(k1, k2), 2_500);

      assertThat(windows.errors()).isZero();
      assertThat(windows.maxTotal()).isLessThanOrEqualTo(20);
      assertThat(windows.wholeWindowTotals())
          .isNotEmpty()
          .allSatisfy(n -> assertThat(n).isEqualTo(20));
    }
  }

  /** A consumer's limit changed through one node applies on the other within moments. */
  @Test
  void aConsumersChangedLimit_reachesTheOtherNode_throughTheChangeFeed() {
    try (Cluster cluster = Cluster.create(dirs)) {
      Node a = cluster.start("a");
      Node b = cluster.start("b");
      String service = a.newService("fed");
      Response con =
          a.post(
              "/v1/consumers",
              "{\"name\":\"acme\",\"limits\":[{\"name\":\"requests\",\"limit\":1000,"
                  + "\"period\":\"PT1H\"}]}");
      String id = con.json().get("id").asText();
      Node.IssuedKey key = a.newKey(service, "\"consumer\":\"" + id + "\"");
      assertThat(limitSeenBy(b, key)).isEqualTo(1000);

      Response patch =
          a.patch(
              "/v1/consumers/" + id,
              "{\"limits\":[{\"name\":\"requests\",\"limit\":5,\"period\":\"PT1H\"}]}");
      assertThat(patch.status()).as(patch.body()).isEqualTo(200);

      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(limitSeenBy(b, key)).isEqualTo(5));
    }
  }

  private static long limitSeenBy(Node node, Node.IssuedKey key) {
    JsonNode v =
        node.post("/v1/keys:verify", "{\"key\":\"" + key.secret() + "\",\"cost\":0}").json();
    return v.get("rate_limit").get("limit").asLong();
  }

  // ---- load ------------------------------------------------------------------------------------

  /** Admissions per window (by the verdict's reset) and per node, and non-200 answers. */
  record Windows(
      Map<String, Map<String, AtomicLong>> byWindow, AtomicLong errorCount, List<String> order) {
    long errors() {
      return errorCount.get();
    }

    long total(String window) {
      return byWindow.get(window).values().stream().mapToLong(AtomicLong::get).sum();
    }

    long maxTotal() {
      return byWindow.keySet().stream().mapToLong(this::total).max().orElse(0);
    }

    long maxOnOneNode() {
      return byWindow.values().stream()
          .flatMap(m -> m.values().stream())
          .mapToLong(AtomicLong::get)
          .max()
          .orElse(0);
    }

    /** Totals of the windows wholly inside the run: all but the first and the last seen. */
    List<Long> wholeWindowTotals() {
      List<String> sorted = byWindow.keySet().stream().sorted().toList();
      return sorted.size() < 3
          ? List.of()
          : sorted.subList(1, sorted.size() - 1).stream().map(this::total).toList();
    }
  }

  static Windows load(List<Node> nodes, List<Node.IssuedKey> keys, long millis) {
    Windows w = new Windows(new ConcurrentHashMap<>(), new AtomicLong(), List.of());
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    run(
        CLIENTS,
        i -> {
          Node node = nodes.get(i % nodes.size());
          Node.IssuedKey key = keys.get((i / nodes.size()) % keys.size());
          while (System.nanoTime() < end) {
            Response r = node.post("/v1/keys:verify", "{\"key\":\"" + key.secret() + "\"}");
            if (r.status() != 200) {
              w.errorCount().incrementAndGet();
              continue;
            }
            JsonNode v = r.json();
            if (v.get("code").asText().equals("VALID")) {
              String window = v.get("rate_limit").get("reset").asText();
              w.byWindow()
                  .computeIfAbsent(window, x -> new ConcurrentHashMap<>())
                  .computeIfAbsent(node.name, x -> new AtomicLong())
                  .incrementAndGet();
            }
          }
        });
    return w;
  }

  interface Client {
    void run(int index) throws Exception;
  }

  /** Runs {@code count} clients at once and waits (at most a minute) for all of them. */
  static void run(int count, Client client) {
    ExecutorService pool = Executors.newFixedThreadPool(count);
    try {
      List<Future<Object>> futures =
          java.util.stream.IntStream.range(0, count)
              .mapToObj(
                  i ->
                      pool.submit(
                          () -> {
                            client.run(i);
                            return null;
                          }))
              .toList();
      for (Future<Object> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("a client failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  static String code(Response r) {
    return r.status() == 200 ? r.json().get("code").asText() : "HTTP " + r.status();
  }
}
