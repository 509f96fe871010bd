package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.alert.Sender;
import dev.latchkey.core.alert.WebhookTargets;
import dev.latchkey.core.manage.Alerts;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.AlertSignal;
import dev.latchkey.core.verify.Authentication;
import dev.latchkey.server.webhook.SocketSender;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The alert and webhook API: bad input is a 400 or 404 problem that changes nothing, SSRF targets
 * are refused at creation and at delivery, rule actions disable keys as the system, and the signing
 * secret is shown once only.
 */
class AlertsApiTest {
  @TempDir Path dir;
  TestServer t;
  String ws;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    ws =
        ((Authentication.Authenticated) t.server().verifier().authenticate(t.rootKey))
            .principal()
            .workspaceId();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private AlertSignal signal(String subjectId, String dedup, Map<String, Object> details) {
    return new AlertSignal(
        ws, "secret_leaked", "critical", "key", subjectId, dedup, details, t.clock.instant());
  }

  private static void assertProblem(TestServer.Response r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    if (field != null) {
      assertThat(r.json().get("errors").findValuesAsText("field")).as(r.body()).contains(field);
    }
  }

  @Test
  void badWebhookInput_isA400NamingTheField_andCreatesNothing() {
    assertProblem(t.post("/v1/webhooks", "{\"url\":\"ftp://example.com/\"}"), 400, "url");
    assertProblem(t.post("/v1/webhooks", "{\"url\":\"http://10.0.0.1/hook\"}"), 400, "url");
    assertProblem(
        t.post("/v1/webhooks", "{\"url\":\"http://169.254.169.254/latest/meta-data\"}"),
        400,
        "url");
    assertProblem(t.post("/v1/webhooks", "{\"url\":\"http://[::1]:8080/\"}"), 400, "url");
    assertProblem(
        t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/\",\"rules\":[\"nope\"]}"),
        400,
        "rules[0]");
    assertProblem(t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/\",\"x\":1}"), 400, null);
    assertProblem(t.post("/v1/webhooks", "{}"), 400, "url");
    assertProblem(
        t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/" + "a".repeat(3000) + "\"}"),
        400,
        "url");

    assertThat(t.get("/v1/webhooks").json().get("items")).isEmpty();
    String refused = t.post("/v1/webhooks", "{\"url\":\"http://10.0.0.1/hook\"}").body();
    assertThat(refused).doesNotContain("10.0.0.1");
  }

  @Test
  void aWorkspace_hasAtMostFiftyWebhooks() {
    for (int i = 0; i < 50; i++) {
      assertThat(t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/" + i + "\"}").status())
          .isEqualTo(201);
    }
    assertProblem(t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/x\"}"), 409, null);
    assertThat(t.get("/v1/webhooks?page_size=100").json().get("items")).hasSize(50);
  }

  @Test
  void oversizedDetails_areReplacedByAMarker() {
    var alert =
        t.server().alerts().raiseNow(signal("key_x", "big", Map.of("blob", "x".repeat(20_000))));
    assertThat(t.get("/v1/alerts/" + alert.id()).json().get("details").toString())
        .isEqualTo("{\"truncated\":true}");
  }

  @Test
  void badIdsAndQueries_are400_unknownIds404() {
    assertProblem(t.get("/v1/webhooks/nope"), 400, "id");
    assertProblem(t.get("/v1/webhooks/" + Ids.newId("wh")), 404, null);
    assertProblem(t.get("/v1/alerts/key_123"), 400, "id");
    assertProblem(t.get("/v1/alerts/" + Ids.newId("alert")), 404, null);
    assertProblem(t.post("/v1/alerts/" + Ids.newId("alert") + ":acknowledge", null), 404, null);
    assertProblem(t.get("/v1/alerts?status=closed"), 400, "status");
    assertProblem(t.get("/v1/alerts?rule=nope"), 400, "rule");
    assertProblem(t.get("/v1/alerts?since=yesterday"), 400, "since");
    assertProblem(t.get("/v1/alerts?since=%2B1000000000-01-01T00:00:00Z"), 400, "since");
    assertThat(t.get("/v1/alerts?since=2026-01-01T00:00:00%2B01:00").status())
        .as("an offset is not RFC 3339 UTC, but parses or is refused; never a 500")
        .isIn(200, 400);
    assertProblem(t.get("/v1/alerts?page_size=0"), 400, "page_size");
    assertProblem(t.call("PUT", "/v1/alert-rules/nope", "{\"action\":\"none\"}"), 400, "rule");
    assertProblem(
        t.call("PUT", "/v1/alert-rules/secret_leaked", "{\"action\":\"explode\"}"), 400, "action");
    assertProblem(t.call("PUT", "/v1/alert-rules/secret_leaked", "{}"), 400, "action");

    String id =
        t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/\"}")
            .json()
            .get("data")
            .get("id")
            .asText();
    assertProblem(t.get("/v1/webhooks/" + id + "/deliveries?status=lost"), 400, "status");
    assertProblem(t.post("/v1/webhooks/" + id + "/deliveries/nope:retry", null), 400, "delivery");
    assertProblem(
        t.post("/v1/webhooks/" + id + "/deliveries/" + Ids.newId("dlv") + ":retry", null),
        404,
        null);
    assertProblem(t.call("PATCH", "/v1/webhooks/" + id, "{\"url\":\"gopher://x/\"}"), 400, "url");
    assertProblem(
        t.post("/v1/webhooks/" + id + ":rotate-secret", "{\"grace_period\":\"P30D\"}"),
        400,
        "grace_period");
    assertThat(t.get("/v1/webhooks/" + id).json().get("url").asText())
        .isEqualTo("http://127.0.0.1:9/");
  }

  @Test
  void anAddressOutsideTheAllowList_isRefusedAtDelivery_evenIfItWasAllowedWhenSaved() {
    try (Receiver receiver = Receiver.failingFirst(0)) {
      Sender strict = new SocketSender(WebhookTargets.allowing(""));
      Sender.Outcome outcome =
          strict.post(receiver.url("/hook"), Map.of(), "{}".getBytes(StandardCharsets.UTF_8));
      assertThat(outcome.error()).isEqualTo("refused_address");
      assertThat(outcome.address()).isNull();

      // DNS rebinding: a name that pointed elsewhere when saved now resolves to loopback.
      Sender rebound =
          new SocketSender(
              WebhookTargets.allowing("")
                  .withResolver(host -> List.of(InetAddress.getByName("127.0.0.1"))));
      String port = receiver.url("").substring("http://127.0.0.1:".length());
      assertThat(
              rebound
                  .post("http://hooks.example.com:" + port + "/hook", Map.of(), new byte[0])
                  .error())
          .isEqualTo("refused_address");
      assertThat(receiver.requests).isEmpty();

      Sender allowed =
          new SocketSender(
              WebhookTargets.allowing("127.0.0.1/32")
                  .withResolver(host -> List.of(InetAddress.getByName("127.0.0.1"))));
      Sender.Outcome ok =
          allowed.post("http://hooks.example.com:" + port + "/hook", Map.of(), new byte[0]);
      assertThat(ok.delivered()).isTrue();
      assertThat(receiver.requests.getFirst().header("Host"))
          .as("the name, though the pinned address was connected to")
          .isEqualTo("hooks.example.com:" + port);
    }
  }

  @Test
  void aRuleAction_disablesTheKey_asTheSystem_auditedWithTheAlertId() {
    JsonNode key = t.newKey("payments");
    String keyId = key.get("data").get("id").asText();
    TestServer.Response set =
        t.call("PUT", "/v1/alert-rules/secret_leaked", "{\"action\":\"disable_key\"}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(t.get("/v1/alert-rules").json().get("items").findValuesAsText("action"))
        .contains("disable_key");

    var alert = t.server().alerts().raiseNow(signal(keyId, "leak-1", Map.of()));

    assertThat(t.verify(key.get("key").asText()).get("code").asText()).isEqualTo("DISABLED");
    JsonNode event = t.get("/v1/audit-events?page_size=100").json().get("items").get(0);
    assertThat(event.get("action").asText()).isEqualTo("key.updated");
    assertThat(event.get("actor").get("type").asText()).isEqualTo("system");
    assertThat(event.get("request_id").asText()).isEqualTo(alert.id());
    assertThat(event.get("target").get("id").asText()).isEqualTo(keyId);
  }

  @Test
  void theDisableKeyAction_needsKeysUpdate() {
    String narrow =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"ops\",\"permissions\":[\"alerts.write\",\"alerts.read\"]}")
            .json()
            .get("key")
            .asText();
    TestServer.Response r =
        t.call(
            "PUT",
            "/v1/alert-rules/secret_leaked",
            "{\"action\":\"disable_key\"}",
            Map.of("Authorization", "Bearer " + narrow));
    assertProblem(r, 403, null);
    assertThat(t.get("/v1/alert-rules").json().get("items").findValuesAsText("action"))
        .containsOnly("none");
  }

  @Test
  void acknowledgement_recordsWhoAndWhen_andIsAudited() {
    var alert = t.server().alerts().raiseNow(signal("key_x", "k", Map.of()));
    TestServer.Response acked =
        t.post("/v1/alerts/" + alert.id() + ":acknowledge", "{\"note\":\"rotated it\"}");
    assertThat(acked.status()).as(acked.body()).isEqualTo(200);
    assertThat(acked.json().get("status").asText()).isEqualTo("acknowledged");
    assertThat(acked.json().get("acknowledged_by").asText()).startsWith("rk_");
    assertThat(acked.json().get("acknowledged_at").asText())
        .isEqualTo(t.clock.instant().toString());
    assertThat(t.post("/v1/alerts/" + alert.id() + ":acknowledge", null).status()).isEqualTo(200);
    JsonNode events = t.get("/v1/audit-events?page_size=100").json().get("items");
    assertThat(events.findValuesAsText("action")).containsOnlyOnce("alert.acknowledged");
    assertThat(events.get(0).get("details").get("note").asText()).isEqualTo("rotated it");
  }

  @Test
  void aSecretPutInAnAlert_isReducedToItsStart() {
    String secret = t.newKey("payments").get("key").asText();
    var alert =
        t.server()
            .alerts()
            .raiseNow(signal("key_x", "seen " + secret, Map.of("presented", "Bearer " + secret)));

    String body = t.get("/v1/alerts/" + alert.id()).body();
    assertThat(body).doesNotContain(secret).doesNotContain(secret.substring(8, 30));
    assertThat(body).contains(secret.substring(0, 6));
  }

  @Test
  void raise_neverWaits_dropsAndCountsWhenTheQueueIsFull_andTheWriterStoresWhatItTook() {
    Alerts unstarted =
        new Alerts(null, null, null, t.clock, () -> {}); // no writer: the queue only fills
    for (int i = 0; i < Alerts.QUEUE_CAPACITY; i++) {
      assertThat(
              unstarted.raise(
                  ws, "traffic_spike", "warning", "key", "key_x", "d", Map.of(), t.clock.instant()))
          .isTrue();
    }
    assertThat(
            unstarted.raise(
                ws, "traffic_spike", "warning", "key", "key_x", "d", Map.of(), t.clock.instant()))
        .isFalse();
    assertThat(unstarted.dropped()).isEqualTo(1);

    assertThat(
            t.server()
                .alerts()
                .raise(
                    ws,
                    "credits_low",
                    "info",
                    "consumer",
                    "con_x",
                    "c",
                    Map.of(),
                    t.clock.instant()))
        .isTrue();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> t.get("/v1/alerts?rule=credits_low").json().get("items").size() == 1);
  }

  @Test
  void theSigningSecret_isShownOnce_andNeverInReadsAuditOrLogs() {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.setContext(ctx);
    logs.start();
    root.addAppender(logs);
    ch.qos.logback.classic.Level before = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    List<String> exposed = new ArrayList<>();
    String secret;
    try (Receiver receiver = Receiver.failingFirst(1)) {
      JsonNode created = t.post("/v1/webhooks", "{\"url\":\"" + receiver.url("/h") + "\"}").json();
      secret = created.get("signing_secret").asText();
      String id = created.get("data").get("id").asText();
      String rotated =
          t.post("/v1/webhooks/" + id + ":rotate-secret", null)
              .json()
              .get("signing_secret")
              .asText();
      t.server().alerts().raiseNow(signal("key_x", "k", Map.of()));
      t.server().dispatcher().runOnce();
      exposed.add(t.get("/v1/webhooks").body());
      exposed.add(t.get("/v1/webhooks/" + id).body());
      exposed.add(t.get("/v1/webhooks/" + id + "/deliveries").body());
      exposed.add(t.call("PATCH", "/v1/webhooks/" + id, "{\"description\":\"d\"}").body());
      exposed.add(t.get("/v1/audit-events?page_size=100").body());
      exposed.add(t.get("/v1/alerts").body());
      exposed.add(receiver.requests.getFirst().body());
      exposed.add(String.valueOf(receiver.requests.getFirst().headers()));
      exposed.add(t.call("DELETE", "/v1/webhooks/" + id, null).body());
      for (ILoggingEvent e : logs.list) {
        exposed.add(e.getFormattedMessage());
      }
      assertThat(secret).startsWith("whsec_").hasSize(38);
      for (String text : exposed) {
        assertThat(text).doesNotContain(secret.substring(6)).doesNotContain(rotated.substring(6));
      }
      assertThat(exposed).hasSizeGreaterThan(8);
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
  }
}
