package dev.latchkey.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.server.TestServer.Response;
import dev.latchkey.server.cluster.Node.IssuedKey;
import dev.latchkey.store.testing.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node B reaches PostgreSQL through a proxy the test cuts and restores; node A is connected
 * directly. While B is cut off it serves only what it may (cached keys, until stale max); once the
 * connection is back it catches up on every change it missed, with no restart.
 */
class CutOffNodeTest {
  /** How long B trusts its cache without the feed: a few seconds of the test's clock. */
  static final Duration STALE_MAX = Duration.ofSeconds(3);

  static final FollowerSettings FOLLOWER = new FollowerSettings(Duration.ofMillis(50), STALE_MAX);
  static final Duration RECOVERY = Duration.ofSeconds(20);

  @TempDir Path dirs;
  Cluster cluster;
  TcpProxy proxy;
  Node a;
  Node b;

  @BeforeEach
  void twoNodes() {
    cluster = Cluster.create(dirs);
    proxy = TcpProxy.start(cluster.database.host(), cluster.database.port());
    a =
        cluster.start(
            "a", cluster.config("a").withBootstrapRootKey(cluster.rootKey).withFollower(FOLLOWER));
    b =
        cluster.start(
            "b",
            cluster
                .config("b")
                .withDatabaseUrl(cluster.database.urlVia(proxy.port()))
                .withBootstrapRootKey(cluster.rootKey)
                .withFollower(FOLLOWER));
  }

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.restore(); // lets B close promptly
    }
    try {
      if (cluster != null) {
        cluster.close();
      }
    } finally {
      if (proxy != null) {
        proxy.close();
      }
    }
  }

  @Test
  void cutOffNode_servesOnlyFromCacheUntilStaleMax_thenCatchesUpOnEverythingItMissed() {
    String service = a.newService("outage");
    List<IssuedKey> revoked =
        List.of(a.newKey(service, ""), a.newKey(service, ""), a.newKey(service, ""));
    IssuedKey disabled = a.newKey(service, "");
    IssuedKey rotated = a.newKey(service, "");
    IssuedKey untouched = a.newKey(service, "");
    List<IssuedKey> all = new ArrayList<>(revoked);
    all.addAll(List.of(disabled, rotated, untouched));
    for (IssuedKey key : all) {
      assertThat(b.verdict(key.secret())).as("%s on B before the cut", key).isEqualTo("VALID");
    }

    proxy.cut();
    for (IssuedKey key : revoked) {
      assertThat(a.post("/v1/keys/" + key.id() + ":revoke", "{}").status()).isEqualTo(200);
    }
    assertThat(a.patch("/v1/keys/" + disabled.id(), "{\"enabled\":false}").status()).isEqualTo(200);
    Response rotation =
        a.post("/v1/keys/" + rotated.id() + ":rotate", "{\"grace_period\":\"PT0S\"}");
    assertThat(rotation.status()).isEqualTo(200);
    String newSecret = rotation.json().get("key").asText();
    String serviceDuringCut = a.newService("created-during-cut");
    IssuedKey createdDuringCut = a.newKey(serviceDuringCut, "");

    // While cut off, within stale max
    assertThat(b.get("/readyz").status()).isEqualTo(503);
    assertUnavailable(b.get("/v1/keys"));
    assertUnavailable(b.post("/v1/services", "{\"name\":\"refused\",\"prefix\":\"t\"}"));
    assertThat(b.verdict(untouched.secret()))
        .as("a cached key, within stale max")
        .isEqualTo("VALID");
    assertThat(b.verdict(createdDuringCut.secret()))
        .as("a key unknown to B (created during the cut)")
        .isNotEqualTo("VALID");

    // Past stale max, B must not trust its cache any more
    cluster.clock.advance(STALE_MAX.plusSeconds(1));
    assertThat(b.verdict(untouched.secret()))
        .as("a cached key, past stale max")
        .isNotEqualTo("VALID");
    assertThat(b.verdict(revoked.getFirst().secret()))
        .as("a key revoked during the cut, past stale max")
        .isNotEqualTo("VALID");

    long restoredAt = System.nanoTime();
    proxy.restore();
    await("B ready again").atMost(RECOVERY).until(() -> b.get("/readyz").status() == 200);
    long readyAt = System.nanoTime();
    for (IssuedKey key : revoked) {
      assertEventually(key.secret(), "REVOKED");
    }
    assertEventually(disabled.secret(), "DISABLED");
    assertEventually(rotated.secret(), "EXPIRED");
    assertEventually(newSecret, "VALID");
    assertEventually(untouched.secret(), "VALID");
    assertEventually(createdDuringCut.secret(), "VALID");
    System.out.printf(
        "B after the restore: ready in %d ms, every missed change honoured in %d ms%n",
        (readyAt - restoredAt) / 1_000_000, (System.nanoTime() - restoredAt) / 1_000_000);

    Response services = b.get("/v1/services?page_size=100");
    assertThat(services.status()).isEqualTo(200);
    assertThat(services.json().get("items").findValuesAsText("id")).contains(serviceDuringCut);
    Response keys = b.get("/v1/keys?service=" + serviceDuringCut);
    assertThat(keys.status()).isEqualTo(200);
    assertThat(keys.json().get("items").findValuesAsText("id"))
        .containsExactly(createdDuringCut.id());
    Response states = b.get("/v1/keys?service=" + service + "&state=REVOKED");
    assertThat(states.json().get("items").findValuesAsText("id"))
        .containsExactlyInAnyOrderElementsOf(revoked.stream().map(IssuedKey::id).toList());
  }

  private static void assertUnavailable(Response r) {
    assertThat(r.status()).isEqualTo(503);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("type").asText()).isEqualTo("urn:latchkey:problem:service-unavailable");
  }

  /**
   * Waits until B answers {@code expected} for {@code secret}; meanwhile it may answer 503 (its
   * pools reconnecting) but never VALID when something else is expected.
   */
  private void assertEventually(String secret, String expected) {
    await()
        .atMost(RECOVERY)
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              String verdict = b.verdict(secret);
              if (!expected.equals("VALID")) {
                assertThat(verdict).as("B's answer after the restore").isNotEqualTo("VALID");
              }
              return verdict.equals(expected);
            });
  }
}
