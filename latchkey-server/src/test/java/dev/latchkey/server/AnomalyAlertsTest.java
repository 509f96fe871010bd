package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.client.LeaksApi;
import dev.latchkey.core.anomaly.AnomalySettings;
import dev.latchkey.core.secret.KeyFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The anomaly rules on a real server: what verification and forward auth notice becomes an alert in
 * {@code GET /v1/alerts}; a guessing address is refused by forward auth for the block's length; a
 * leak report raises {@code secret_leaked}. No secret reaches an alert.
 */
class AnomalyAlertsTest {
  @TempDir Path dir;
  private TestServer t;

  @BeforeEach
  void start() {
    t =
        new TestServer(
            dir,
            c ->
                c.withAnomalies(
                    AnomalySettings.defaults()
                        .withGuessing(3, Duration.ofMinutes(1), Duration.ofMinutes(5))));
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private TestServer.Response ask(String key, String client) {
    return t.call(
        "GET",
        "/v1/forward-auth",
        null,
        Map.of("X-Latchkey-Root-Key", t.rootKey, "X-Api-Key", key, "X-Forwarded-For", client));
  }

  /** The alerts, once at least {@code expected} are written (the writer is asynchronous). */
  private List<JsonNode> alerts(int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      t.server().alerts().flush();
      List<JsonNode> list = new ArrayList<>();
      t.get("/v1/alerts").json().get("items").forEach(list::add);
      if (list.size() >= expected || System.nanoTime() > deadline) {
        return list;
      }
      Thread.onSpinWait();
    }
  }

  private static List<String> rules(List<JsonNode> alerts) {
    return alerts.stream().map(a -> a.get("rule").asText()).toList();
  }

  @Test
  void guessing_raisesAnAlert_andForwardAuthRefusesTheAddressForTheBlock() {
    String valid = t.newKey("orders").get("key").asText();
    assertThat(ask(valid, "198.51.100.7").status()).isEqualTo(200);
    for (int i = 0; i < 3; i++) {
      String unknown = KeyFormat.generate("t").reveal();
      assertThat(ask(unknown, "198.51.100.7").status()).isEqualTo(401);
    }
    // Blocked now: even its valid key is refused, without a look at it
    assertThat(ask(valid, "198.51.100.7").status()).isEqualTo(429);
    assertThat(ask(valid, "198.51.100.8").status()).as("another client").isEqualTo(200);
    List<JsonNode> alerts = alerts(1);
    assertThat(rules(alerts)).containsExactly("secret_guessing");
    assertThat(alerts.get(0).get("subject").get("id").asText()).isEqualTo("198.51.100.7");
    assertThat(alerts.get(0).get("severity").asText()).isEqualTo("critical");
    t.clock.advance(Duration.ofMinutes(5));
    assertThat(ask(valid, "198.51.100.7").status()).as("the block ended").isEqualTo(200);
  }

  @Test
  void neverBlocked_theGatewayItself_norAnAddressAVerifyCallerClaims() {
    String valid = t.newKey("orders").get("key").asText();
    for (int i = 0; i < 5; i++) {
      String unknown = KeyFormat.generate("t").reveal();
      // no X-Forwarded-For: the address is the gateway's own, shared by all its clients
      assertThat(
              t.call(
                      "GET",
                      "/v1/forward-auth",
                      null,
                      Map.of("X-Latchkey-Root-Key", t.rootKey, "X-Api-Key", unknown))
                  .status())
          .isEqualTo(401);
      // keys:verify with a claimed client address
      t.post(
          "/v1/keys:verify",
          "{\"key\":\"" + unknown + "\",\"context\":{\"request\":{\"ip\":\"198.51.100.50\"}}}");
    }
    assertThat(
            t.call(
                    "GET",
                    "/v1/forward-auth",
                    null,
                    Map.of("X-Latchkey-Root-Key", t.rootKey, "X-Api-Key", valid))
                .status())
        .as("the gateway is not blocked")
        .isEqualTo(200);
    assertThat(ask(valid, "198.51.100.50").status()).as("nor the claimed address").isEqualTo(200);
    assertThat(rules(alerts(2))).as("both still raise the alert").contains("secret_guessing");
  }

  @Test
  void aRevokedKeyStillPresented_raisesAnAlert_namingTheKeyNotTheSecret() {
    JsonNode created = t.newKey("orders");
    String secret = created.get("key").asText();
    String id = created.get("data").get("id").asText();
    t.post("/v1/keys/" + id + ":revoke", "{\"reason\":\"test\"}");
    assertThat(ask(secret, "203.0.113.9").status()).isEqualTo(401);
    List<JsonNode> alerts = alerts(1);
    assertThat(rules(alerts)).containsExactly("revoked_secret_presented");
    assertThat(alerts.get(0).get("subject").get("id").asText()).isEqualTo(id);
    assertThat(alerts.get(0).toString())
        .contains("203.0.113.9")
        .doesNotContain(secret.substring(2));
  }

  @Test
  void aLeakReport_raisesSecretLeaked() {
    JsonNode created = t.newKey("orders");
    String secret = created.get("key").asText();
    try (var c = t.client()) {
      c.leaks().revoke(List.of(LeaksApi.digestOf(secret)), "a pastebin");
    }
    List<JsonNode> alerts = alerts(1);
    assertThat(rules(alerts)).containsExactly("secret_leaked");
    JsonNode a = alerts.get(0);
    assertThat(a.get("subject").get("id").asText())
        .isEqualTo(created.get("data").get("id").asText());
    assertThat(a.toString()).contains("a pastebin").doesNotContain(secret.substring(2));
  }

  @Test
  void keysUnusedForTheConfiguredTime_raiseKeyUnused_andUseClearsThem() {
    String used = t.newKey("orders").get("key").asText();
    JsonNode idle = t.newKey("billing");
    JsonNode revoked = t.newKey("search");
    t.post("/v1/keys/" + revoked.get("data").get("id").asText() + ":revoke", "{}");
    assertThat(t.server().findIdleKeys()).as("nothing is 30 days old yet").isZero();
    t.clock.advance(Duration.ofDays(31));
    t.server().verifier().usageCounts().tick();
    assertThat(ask(used, "10.0.0.1").status()).isEqualTo(200);
    t.server().verifier().flushUsage();
    assertThat(t.server().findIdleKeys()).isEqualTo(1);
    List<JsonNode> alerts = alerts(1);
    assertThat(rules(alerts)).containsExactly("key_unused");
    assertThat(alerts.get(0).get("subject").get("id").asText())
        .isEqualTo(idle.get("data").get("id").asText());
    // idle since it was made, or since the store began tracking use, if later (a moment after)
    assertThat(alerts.get(0).get("details").get("unused_for_days").asInt()).isBetween(30, 31);
  }

  @Test
  void aNewNetworkAfterLearning_raisesAnAlert() {
    String valid = t.newKey("orders").get("key").asText();
    assertThat(ask(valid, "10.0.0.1").status()).isEqualTo(200);
    t.clock.advance(Duration.ofHours(25));
    t.server().verifier().usageCounts().tick(); // verifications read the time the node ticked
    assertThat(ask(valid, "10.0.0.2").status()).isEqualTo(200);
    assertThat(ask(valid, "192.0.2.1").status()).isEqualTo(200);
    assertThat(rules(alerts(1))).containsExactly("new_client_address");
  }
}
