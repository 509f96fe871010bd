package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Expiry on a real server: {@code GET /v1/keys?expiring_within=} lists live keys expiring soon, and
 * the {@code key_expiring} job raises one alert per key and expiry, moved by the fake clock.
 */
class KeyExpiryTest {
  @TempDir Path dir;
  private TestServer t;
  private String service;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    service =
        t.post("/v1/services", "{\"name\":\"orders\",\"prefix\":\"t\"}").json().get("id").asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private Instant in(Duration d) {
    return t.clock.instant().plus(d).truncatedTo(ChronoUnit.SECONDS);
  }

  private String key(Instant expiresAt, String extra) {
    String expiry = expiresAt == null ? "" : ",\"expires_at\":\"" + expiresAt + "\"";
    JsonNode created =
        t.post("/v1/keys", "{\"service\":\"" + service + "\"" + expiry + extra + "}").json();
    return created.get("data").get("id").asText();
  }

  private List<String> listed(String query) {
    List<String> ids = new ArrayList<>();
    String token = "";
    do {
      JsonNode page = t.get("/v1/keys?page_size=1&" + query + token).json();
      page.get("items").forEach(k -> ids.add(k.get("id").asText()));
      JsonNode next = page.get("next_page_token");
      token = next == null || next.isNull() ? null : "&page_token=" + next.asText();
    } while (token != null);
    return ids;
  }

  private List<JsonNode> alerts() {
    List<JsonNode> list = new ArrayList<>();
    t.get("/v1/alerts?rule=key_expiring").json().get("items").forEach(list::add);
    return list;
  }

  @Test
  void expiringWithin_listsLiveKeysExpiringInTheWindow_newestFirst_acrossPages() {
    String inThreeDays = key(in(Duration.ofDays(3)), "");
    String inTenDays = key(in(Duration.ofDays(10)), "");
    String inOneDay = key(in(Duration.ofDays(1)), "");
    key(null, "");
    String revoked = key(in(Duration.ofDays(2)), "");
    t.post("/v1/keys/" + revoked + ":revoke", "{}");

    assertThat(listed("expiring_within=P7D")).containsExactly(inOneDay, inThreeDays);
    assertThat(listed("expiring_within=PT48H")).containsExactly(inOneDay);
    assertThat(listed("expiring_within=P14D&state=active"))
        .containsExactly(inOneDay, inTenDays, inThreeDays);
    t.clock.advance(Duration.ofDays(2));
    assertThat(listed("expiring_within=P7D"))
        .as("the one-day key has expired")
        .containsExactly(inThreeDays);
  }

  @ParameterizedTest
  @ValueSource(strings = {"P0D", "PT0S", "-P1D", "P367D", "7d", "P1M", "P1W", "soon", ""})
  void badExpiringWithin_isAProblemNamingTheParameter(String value) {
    TestServer.Response r = t.get("/v1/keys?expiring_within=" + value);

    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("expiring_within");
  }

  @Test
  void maximumWindow_P366D_isAccepted() {
    assertThat(t.get("/v1/keys?expiring_within=P366D").status()).isEqualTo(200);
  }

  @Test
  void keyExpiring_raisedOncePerExpiry_evenAfterAcknowledgement() {
    String consumer = t.post("/v1/consumers", "{\"name\":\"shop\"}").json().get("id").asText();
    Instant soon = in(Duration.ofDays(3));
    String soonKey = key(soon, ",\"consumer\":\"" + consumer + "\"");
    key(in(Duration.ofDays(10)), "");
    key(null, "");

    assertThat(t.server().noticeExpiringKeys()).isEqualTo(1);
    assertThat(t.server().noticeExpiringKeys()).as("already raised").isZero();

    List<JsonNode> alerts = alerts();
    assertThat(alerts).hasSize(1);
    JsonNode a = alerts.get(0);
    assertThat(a.get("severity").asText()).isEqualTo("warning");
    assertThat(a.get("subject").get("id").asText()).isEqualTo(soonKey);
    assertThat(a.get("dedup_key").asText()).isEqualTo(soonKey + "@" + soon);
    JsonNode details = a.get("details");
    assertThat(details.get("key_id").asText()).isEqualTo(soonKey);
    assertThat(details.get("service_id").asText()).isEqualTo(service);
    assertThat(details.get("consumer_id").asText()).isEqualTo(consumer);
    assertThat(Instant.parse(details.get("expires_at").asText())).isEqualTo(soon);

    t.post("/v1/alerts/" + a.get("id").asText() + ":acknowledge", "{}");
    assertThat(t.server().noticeExpiringKeys()).as("acknowledged: not raised again").isZero();
    assertThat(alerts()).hasSize(1);
  }

  @Test
  void keyComingIntoTheNoticeLater_orWithAnExtendedExpiry_alertsThen() {
    String later = key(in(Duration.ofDays(10)), "");
    String extended = key(in(Duration.ofDays(2)), "");
    assertThat(t.server().noticeExpiringKeys()).isEqualTo(1);

    Instant newExpiry = in(Duration.ofDays(20));
    assertThat(
            t.call("PATCH", "/v1/keys/" + extended, "{\"expires_at\":\"" + newExpiry + "\"}")
                .status())
        .isEqualTo(200);
    t.clock.advance(Duration.ofDays(4));
    assertThat(t.server().noticeExpiringKeys()).as("the ten-day key").isEqualTo(1);
    t.clock.advance(Duration.ofDays(10));
    assertThat(t.server().noticeExpiringKeys()).as("the extended key").isEqualTo(1);

    assertThat(alerts())
        .extracting(a -> a.get("dedup_key").asText())
        .containsExactlyInAnyOrder(
            extended + "@" + in(Duration.ofDays(-12)),
            later + "@" + in(Duration.ofDays(-4)),
            extended + "@" + newExpiry);
  }

  @Test
  void zeroNotice_turnsTheRuleOff() {
    t.close();
    t = new TestServer(dir.resolve("off"), c -> c.withExpiryNotice(Duration.ZERO));
    service =
        t.post("/v1/services", "{\"name\":\"orders\",\"prefix\":\"t\"}").json().get("id").asText();
    key(in(Duration.ofHours(1)), "");

    assertThat(t.server().noticeExpiringKeys()).isZero();
    assertThat(alerts()).isEmpty();
  }

  @Test
  void webhooks_maySubscribeToKeyExpiring() {
    TestServer.Response r =
        t.post(
            "/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\",\"rules\":[\"key_expiring\"]}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
  }
}
