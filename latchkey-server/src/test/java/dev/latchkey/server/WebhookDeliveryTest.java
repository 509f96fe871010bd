package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.client.WebhookSignatureException;
import dev.latchkey.client.WebhookSignatures;
import dev.latchkey.core.alert.Backoff;
import dev.latchkey.core.store.AlertSignal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts delivered to a real HTTP receiver on loopback: signed, retried with backoff on the fake
 * clock, dead after the most attempts, redelivered on request, never redirected.
 */
class WebhookDeliveryTest {
  @TempDir Path dir;
  TestServer t;
  Receiver receiver;

  @AfterEach
  void stop() {
    if (t != null) {
      t.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  private void start(int maxAttempts) {
    t = new TestServer(dir, c -> c.withWebhooks(c.webhooks().withMaxAttempts(maxAttempts)));
  }

  private String workspaceOfRootKey() {
    return t.server().verifier().authenticate(t.rootKey)
            instanceof dev.latchkey.core.verify.Authentication.Authenticated a
        ? a.principal().workspaceId()
        : null;
  }

  /** Creates a webhook for {@code url}; returns {id, signing_secret}. */
  private JsonNode webhook(String url) {
    TestServer.Response r = t.post("/v1/webhooks", "{\"url\":\"" + url + "\"}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private void raise(String dedup) {
    t.server()
        .alerts()
        .raiseNow(
            new AlertSignal(
                workspaceOfRootKey(),
                "secret_leaked",
                "critical",
                "key",
                "key_x",
                dedup,
                Map.of("source", "test"),
                t.clock.instant()));
  }

  private JsonNode deliveries(String webhookId, String query) {
    TestServer.Response r = t.get("/v1/webhooks/" + webhookId + "/deliveries" + query);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().get("items");
  }

  @Test
  void aFailingReceiver_getsTheSameSignedEventAgain_afterBackoff_untilItAccepts() {
    start(6);
    receiver = Receiver.failingFirst(2);
    JsonNode created = webhook(receiver.url("/hook?x=1"));
    String id = created.get("data").get("id").asText();
    String secret = created.get("signing_secret").asText();
    raise("k1");

    assertThat(t.server().dispatcher().runOnce()).isEqualTo(1);
    JsonNode pending = deliveries(id, "").get(0);
    assertThat(pending.get("status").asText()).isEqualTo("pending");
    Instant next = Instant.parse(pending.get("next_attempt_at").asText());
    assertThat(Duration.between(t.clock.instant(), next))
        .isBetween(Duration.ofSeconds(9), Duration.ofSeconds(11));
    assertThat(t.server().dispatcher().runOnce()).as("not due yet").isZero();

    t.clock.advance(Backoff.defaults().longestAfter(1));
    assertThat(t.server().dispatcher().runOnce()).isEqualTo(1);
    next = Instant.parse(deliveries(id, "").get(0).get("next_attempt_at").asText());
    assertThat(Duration.between(t.clock.instant(), next))
        .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
    t.clock.advance(Backoff.defaults().longestAfter(2));
    assertThat(t.server().dispatcher().runOnce()).isEqualTo(1);

    JsonNode delivered = deliveries(id, "?status=delivered").get(0);
    assertThat(delivered.get("attempts").asInt()).isEqualTo(3);
    assertThat(delivered.has("next_attempt_at")).isFalse();
    JsonNode log = delivered.get("log");
    assertThat(log).hasSize(3);
    assertThat(log.get(0).get("status_code").asInt()).isEqualTo(503);
    assertThat(log.get(0).get("error").asText()).isEqualTo("http_status");
    assertThat(log.get(0).get("address").asText()).isEqualTo("127.0.0.1");
    assertThat(log.get(0).get("response_snippet").asText())
        .as("the receiver's CR LF cannot reach our output")
        .doesNotContain("\r")
        .doesNotContain("\n")
        .startsWith("receiver down");
    assertThat(log.get(2).get("status_code").asInt()).isEqualTo(200);
    assertThat(log.get(2).has("error")).isFalse();

    assertThat(receiver.requests).hasSize(3);
    String eventId = delivered.get("id").asText();
    for (Receiver.Request r : receiver.requests) {
      assertThat(r.path()).isEqualTo("/hook");
      assertThat(r.header("Latchkey-Event-Id")).isEqualTo(eventId);
      assertThat(r.header("Content-Type")).isEqualTo("application/json");
      assertThat(r.body()).isEqualTo(receiver.requests.getFirst().body());
      WebhookSignatures.verify(
          secret,
          r.header("Latchkey-Signature"),
          r.body().getBytes(StandardCharsets.UTF_8),
          t.clock.instant(),
          Duration.ofMinutes(5));
    }
    JsonNode body =
        new TestServer.Response(200, Map.of(), receiver.requests.getFirst().body()).json();
    assertThat(body.get("id").asText()).isEqualTo(eventId);
    assertThat(body.get("type").asText()).isEqualTo("alert.opened");
    assertThat(body.get("alert").get("rule").asText()).isEqualTo("secret_leaked");
    assertThatThrownBy(
            () ->
                WebhookSignatures.verify(
                    "whsec_" + "A".repeat(32),
                    receiver.requests.getFirst().header("Latchkey-Signature"),
                    receiver.requests.getFirst().body().getBytes(StandardCharsets.UTF_8),
                    t.clock.instant(),
                    Duration.ofMinutes(5)))
        .isInstanceOf(WebhookSignatureException.class);
  }

  @Test
  void afterTheMostAttempts_aDeliveryIsDead_andRetryDeliversItAgain() {
    start(3);
    receiver = Receiver.failingFirst(3);
    String id = webhook(receiver.url("/hook")).get("data").get("id").asText();
    raise("k1");

    for (int attempt = 1; attempt <= 3; attempt++) {
      assertThat(t.server().dispatcher().runOnce()).as("attempt " + attempt).isEqualTo(1);
      t.clock.advance(Backoff.defaults().longestAfter(attempt));
    }
    assertThat(t.server().dispatcher().runOnce()).as("dead: never tried again").isZero();
    JsonNode dead = deliveries(id, "?status=dead");
    assertThat(dead).hasSize(1);
    assertThat(deliveries(id, "?status=pending")).isEmpty();
    String delivery = dead.get(0).get("id").asText();

    TestServer.Response retried =
        t.post("/v1/webhooks/" + id + "/deliveries/" + delivery + ":retry", null);
    assertThat(retried.status()).as(retried.body()).isEqualTo(200);
    assertThat(retried.json().get("status").asText()).isEqualTo("pending");
    TestServer.Response again =
        t.post("/v1/webhooks/" + id + "/deliveries/" + delivery + ":retry", null);
    assertThat(again.status()).as("still pending").isEqualTo(409);

    assertThat(t.server().dispatcher().runOnce()).isEqualTo(1);
    JsonNode delivered = deliveries(id, "?status=delivered");
    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).get("log")).hasSize(4);
    assertThat(receiver.requests).hasSize(4);
    assertThat(receiver.requests)
        .extracting(r -> r.header("Latchkey-Event-Id"))
        .containsOnly(delivery);
    assertThat(
            t.get("/v1/audit-events?page_size=100").json().get("items").findValuesAsText("action"))
        .contains("webhook.delivery_retried");
  }

  @Test
  void aRedirect_isAFailedAttempt_andIsNotFollowed() {
    start(6);
    receiver = Receiver.redirecting();
    String id = webhook(receiver.url("/hook")).get("data").get("id").asText();
    raise("k1");

    t.server().dispatcher().runOnce();

    JsonNode attempt = deliveries(id, "").get(0).get("log").get(0);
    assertThat(attempt.get("status_code").asInt()).isEqualTo(302);
    assertThat(attempt.get("error").asText()).isEqualTo("redirect");
    assertThat(receiver.requests).hasSize(1);
    assertThat(receiver.redirected).isEmpty();
  }

  @Test
  void onlyTheOccurrenceThatOpensAnAlert_isDelivered_andOnlyToWebhooksOfItsRule() {
    start(6);
    receiver = Receiver.failingFirst(0);
    String all = webhook(receiver.url("/all")).get("data").get("id").asText();
    TestServer.Response other =
        t.post(
            "/v1/webhooks",
            "{\"url\":\"" + receiver.url("/other") + "\",\"rules\":[\"credits_low\"]}");
    assertThat(other.status()).isEqualTo(201);

    raise("k1");
    raise("k1");
    String alertId = t.get("/v1/alerts").json().get("items").get(0).get("id").asText();
    assertThat(t.get("/v1/alerts/" + alertId).json().get("count").asInt()).isEqualTo(2);
    assertThat(t.post("/v1/alerts/" + alertId + ":acknowledge", "{\"note\":\"seen\"}").status())
        .isEqualTo(200);
    raise("k1");
    t.server().dispatcher().runOnce();

    assertThat(deliveries(all, "")).hasSize(2);
    assertThat(receiver.requests).extracting(Receiver.Request::path).containsOnly("/all");
    assertThat(t.get("/v1/alerts?status=open").json().get("items")).hasSize(1);
    assertThat(
            t.get("/v1/alerts?status=acknowledged").json().get("items").get(0).get("id").asText())
        .isEqualTo(alertId);
  }

  @Test
  void aDisabledWebhook_receivesNothing_untilEnabledAgain() {
    start(6);
    receiver = Receiver.failingFirst(0);
    String id = webhook(receiver.url("/hook")).get("data").get("id").asText();
    raise("k1");
    assertThat(t.call("PATCH", "/v1/webhooks/" + id, "{\"enabled\":false}").status())
        .isEqualTo(200);

    assertThat(t.server().dispatcher().runOnce()).isZero();
    t.call("PATCH", "/v1/webhooks/" + id, "{\"enabled\":true}");
    assertThat(t.server().dispatcher().runOnce()).isEqualTo(1);
    assertThat(receiver.requests).hasSize(1);
  }

  @Test
  void duringASecretRotation_bothSecretsSign_untilTheGracePeriodEnds() {
    start(6);
    receiver = Receiver.failingFirst(0);
    JsonNode created = webhook(receiver.url("/hook"));
    String id = created.get("data").get("id").asText();
    String old = created.get("signing_secret").asText();
    TestServer.Response rotated =
        t.post("/v1/webhooks/" + id + ":rotate-secret", "{\"grace_period\":\"PT1H\"}");
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    String fresh = rotated.json().get("signing_secret").asText();
    assertThat(fresh).isNotEqualTo(old);

    raise("k1");
    t.server().dispatcher().runOnce();
    t.clock.advance(Duration.ofHours(2));
    raise("k2");
    t.server().dispatcher().runOnce();

    Receiver.Request during = receiver.requests.get(0);
    Receiver.Request after = receiver.requests.get(1);
    for (String secret : List.of(old, fresh)) {
      WebhookSignatures.verify(
          secret,
          during.header("Latchkey-Signature"),
          during.body().getBytes(StandardCharsets.UTF_8),
          t.clock.instant().minus(Duration.ofHours(2)),
          Duration.ofMinutes(5));
    }
    WebhookSignatures.verify(
        fresh,
        after.header("Latchkey-Signature"),
        after.body().getBytes(StandardCharsets.UTF_8),
        t.clock.instant(),
        Duration.ofMinutes(5));
    assertThatThrownBy(
            () ->
                WebhookSignatures.verify(
                    old,
                    after.header("Latchkey-Signature"),
                    after.body().getBytes(StandardCharsets.UTF_8),
                    t.clock.instant(),
                    Duration.ofMinutes(5)))
        .isInstanceOf(WebhookSignatureException.class);
  }
}
