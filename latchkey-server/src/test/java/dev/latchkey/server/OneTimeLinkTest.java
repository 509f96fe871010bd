package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-time links end to end: a rotation through a {@code one_time_link} sink sends the link to a
 * real webhook receiver; the first POST gives the secret, which verifies; the second gets 410 and
 * raises a critical alert; an expired link is 410 without one; GET does not use a link up.
 */
class OneTimeLinkTest {
  @TempDir Path dir;
  TestServer t;
  Receiver receiver;
  String key;
  String firstSecret;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    receiver = Receiver.failingFirst(0);
    String service =
        t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
            .json()
            .get("id")
            .asText();
    JsonNode issued = t.post("/v1/keys", "{\"service\":\"" + service + "\"}").json();
    key = issued.get("data").get("id").asText();
    firstSecret = issued.get("key").asText();
  }

  @AfterEach
  void stop() {
    t.close();
    receiver.close();
  }

  /** Rotates the key through a link sink with {@code ttl}; returns the link's path. */
  String rotateThroughALink(String ttl) throws Exception {
    String webhook =
        t.post(
                "/v1/webhooks",
                "{\"url\":\"" + receiver.url("/hook") + "\",\"rules\":[\"secret_leaked\"]}")
            .json()
            .get("data")
            .get("id")
            .asText();
    String sink =
        t.post(
                "/v1/sinks",
                "{\"name\":\"link-"
                    + ttl
                    + "\",\"type\":\"one_time_link\",\"settings\":{\"webhook\":\""
                    + webhook
                    + "\",\"ttl\":\""
                    + ttl
                    + "\"}}")
            .json()
            .get("id")
            .asText();
    TestServer.Response rotated =
        t.post("/v1/keys/" + key + "/rotations", "{\"sink\":\"" + sink + "\"}");
    assertThat(rotated.status()).isEqualTo(201);
    assertThat(rotated.body()).doesNotContain("lk_otl_");
    assertThat(t.deliverDue()).isEqualTo(1);
    Receiver.Request event = receiver.requests.getLast();
    JsonNode body = Json.mapper().readTree(event.body());
    assertThat(body.get("type").asText()).isEqualTo("key.secret_link");
    assertThat(event.header("Latchkey-Signature")).isNotBlank();
    assertThat(body.get("link").get("key_id").asText()).isEqualTo(key);
    return URI.create(body.get("link").get("url").asText()).getPath();
  }

  @Test
  void theFirstPostGivesTheSecret_theSecondIsGoneAndRaisesACriticalAlert() throws Exception {
    String link = rotateThroughALink("PT1H");

    assertThat(t.get(link).status()).isEqualTo(405); // a link preview does not use it up
    TestServer.Response first = t.call("POST", link, null, java.util.Map.of());
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("Cache-Control")).isEqualTo("no-store");
    String secret = first.json().get("secret").asText();
    assertThat(first.json().get("key_id").asText()).isEqualTo(key);
    assertThat(t.verify(secret).get("code").asText()).isEqualTo("VALID");
    assertThat(secret).isNotEqualTo(firstSecret);
    assertThat(t.verify(firstSecret).get("code").asText()).isEqualTo("VALID"); // grace period

    TestServer.Response second = t.call("POST", link, null, java.util.Map.of());
    assertThat(second.status()).isEqualTo(410);
    assertThat(second.body()).doesNotContain(secret);
    JsonNode alerts = t.get("/v1/alerts?rule=one_time_link_reused").json().get("items");
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(t.get("/v1/alerts?rule=one_time_link_reused").json().get("items").size())
                    .isEqualTo(1));
    alerts = t.get("/v1/alerts?rule=one_time_link_reused").json().get("items");
    assertThat(alerts.get(0).get("severity").asText()).isEqualTo("critical");
    assertThat(alerts.get(0).get("subject").get("id").asText()).isEqualTo(key);
  }

  @Test
  void anExpiredLink_isGone_withoutAnAlert_andAnUnknownOneIsNotFound() throws Exception {
    String link = rotateThroughALink("PT5M");
    t.clock.advance(Duration.ofMinutes(5));

    assertThat(t.call("POST", link, null, java.util.Map.of()).status()).isEqualTo(410);
    assertThat(t.call("POST", link + "x", null, java.util.Map.of()).status()).isEqualTo(404);
    assertThat(t.call("POST", "/v1/one-time-links/nonsense", null, java.util.Map.of()).status())
        .isEqualTo(404);
    assertThat(t.get("/v1/alerts?rule=one_time_link_reused").json().get("items").size()).isZero();
  }

  @Test
  void aLinkSinkNeedsAnExistingWebhook_andTakesNoCredentials() {
    TestServer.Response noWebhook =
        t.post("/v1/sinks", "{\"name\":\"l\",\"type\":\"one_time_link\",\"settings\":{}}");
    assertThat(noWebhook.status()).isEqualTo(400);
    assertThat(noWebhook.body()).contains("settings.webhook");
    TestServer.Response credentials =
        t.post(
            "/v1/sinks",
            "{\"name\":\"l\",\"type\":\"one_time_link\",\"settings\":{\"webhook\":\"wh_x\"},"
                + "\"credentials\":{\"token\":\"t\"}}");
    assertThat(credentials.status()).isEqualTo(400);
  }
}
