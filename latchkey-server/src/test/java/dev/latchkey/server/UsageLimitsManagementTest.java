package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits and credits of keys and consumers through the HTTP API: as given on create, replaced
 * or kept on PATCH, balances set and added to by the credits verbs, due refills shown on read, and
 * every change audited.
 */
class UsageLimitsManagementTest {
  static final Instant T0 = Instant.parse("2027-03-01T10:20:00Z");

  @TempDir Path dir;
  TestServer t;
  String service;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    t.clock.set(T0);
    service = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonNode createKey(String fields) {
    TestServer.Response r = t.post("/v1/keys", "{\"service\":\"" + service + "\"," + fields + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("data");
  }

  private JsonNode ok(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  private JsonNode patch(String path, String body) {
    return ok(t.call("PATCH", path, body));
  }

  private static final String LIMITS =
      "\"limits\":[{\"name\":\"requests\",\"limit\":100,\"period\":\"PT1S\"},"
          + "{\"name\":\"daily\",\"limit\":5000,\"period\":\"PT24H\"}]";

  @Test
  void keyCreatedWithLimitsAndCredits_showsThem_periodsInTheirShortestForm() {
    JsonNode key =
        createKey(
            LIMITS
                + ",\"credits\":{\"remaining\":1000,\"refill\":{\"amount\":1000,"
                + "\"interval\":\"PT24H\"}}");

    JsonNode read = ok(t.get("/v1/keys/" + key.get("id").asText()));
    JsonNode listed = ok(t.get("/v1/keys")).get("items").get(0);

    for (JsonNode k : List.of(key, read, listed)) {
      assertThat(k.get("limits").toString())
          .isEqualTo(
              "[{\"name\":\"requests\",\"limit\":100,\"period\":\"PT1S\"},"
                  + "{\"name\":\"daily\",\"limit\":5000,\"period\":\"P1D\"}]");
      assertThat(k.get("credits").toString())
          .isEqualTo("{\"remaining\":1000,\"refill\":{\"amount\":1000,\"interval\":\"P1D\"}}");
    }
  }

  @Test
  void keyWithoutLimits_showsAnEmptyListAndNoCredits() {
    JsonNode key = createKey("\"name\":\"plain\"");

    assertThat(key.get("limits").toString()).isEqualTo("[]");
    assertThat(key.has("credits")).isFalse();
  }

  @Test
  void aDueRefill_isShownOnRead_fromItsBoundaryOn() {
    String id =
        createKey("\"credits\":{\"remaining\":3,\"refill\":{\"amount\":100,\"interval\":\"PT1H\"}}")
            .get("id")
            .asText();

    t.clock.set(Instant.parse("2027-03-01T10:59:59.999Z"));
    assertThat(remaining("/v1/keys/" + id)).isEqualTo(3);
    t.clock.set(Instant.parse("2027-03-01T11:00:00Z"));
    assertThat(remaining("/v1/keys/" + id)).isEqualTo(100);
    assertThat(ok(t.get("/v1/keys")).get("items").get(0).get("credits").get("remaining").asLong())
        .isEqualTo(100);
  }

  @Test
  void monthlyRefill_ofAConsumer_onTheLastDayOfAShortMonth() {
    t.clock.set(Instant.parse("2027-01-31T12:00:00Z"));
    String id =
        ok201(
            t.post(
                "/v1/consumers",
                "{\"name\":\"acme\",\"credits\":{\"remaining\":0,"
                    + "\"refill\":{\"amount\":10000,\"day_of_month\":31}}}"));

    t.clock.set(Instant.parse("2027-02-27T23:59:59Z"));
    assertThat(remaining("/v1/consumers/" + id)).isZero();
    t.clock.set(Instant.parse("2027-02-28T00:00:00Z"));
    assertThat(remaining("/v1/consumers/" + id)).isEqualTo(10_000);
  }

  @Test
  void patchingTheRefill_keepsTheBalance_givingRemainingSetsIt_andNullRemovesTheCredits() {
    String path =
        "/v1/keys/"
            + createKey(
                    "\"credits\":{\"remaining\":500,\"refill\":{\"amount\":10,\"interval\":\"P1D\"}}")
                .get("id")
                .asText();

    JsonNode kept = patch(path, "{\"credits\":{\"refill\":{\"amount\":50,\"day_of_month\":1}}}");
    assertThat(kept.get("credits").toString())
        .isEqualTo("{\"remaining\":500,\"refill\":{\"amount\":50,\"day_of_month\":1}}");

    JsonNode set = patch(path, "{\"credits\":{\"remaining\":7}}");
    assertThat(set.get("credits").toString()).isEqualTo("{\"remaining\":7}");

    JsonNode removed = patch(path, "{\"credits\":null}");
    assertThat(removed.has("credits")).isFalse();
    assertThat(t.post(path + ":credits", "{\"add\":1}").status()).isEqualTo(409);

    JsonNode again = patch(path, "{\"credits\":{\"remaining\":9}}");
    assertThat(again.get("credits").get("remaining").asLong()).isEqualTo(9);
  }

  @Test
  void patchingLimits_replacesThemWhole_andLeavesTheCreditsAlone() {
    String path =
        "/v1/keys/" + createKey(LIMITS + ",\"credits\":{\"remaining\":4}").get("id").asText();

    JsonNode one =
        patch(path, "{\"limits\":[{\"name\":\"bulk\",\"limit\":10,\"period\":\"PT1M\"}]}");
    JsonNode none = patch(path, "{\"limits\":[]}");

    assertThat(one.get("limits").toString())
        .isEqualTo("[{\"name\":\"bulk\",\"limit\":10,\"period\":\"PT1M\"}]");
    assertThat(none.get("limits").toString()).isEqualTo("[]");
    assertThat(none.get("credits").get("remaining").asLong()).isEqualTo(4);
  }

  @Test
  void creditsVerb_setsAndAdds_withinZeroAnd10e15_afterDueRefills() {
    String path =
        "/v1/keys/"
            + createKey(
                    "\"credits\":{\"remaining\":5,\"refill\":{\"amount\":100,\"interval\":\"PT1H\"}}")
                .get("id")
                .asText();

    assertThat(ok(t.post(path + ":credits", "{\"set\":10}")).get("remaining").asLong())
        .isEqualTo(10);
    assertThat(ok(t.post(path + ":credits", "{\"add\":-25}")).get("remaining").asLong()).isZero();
    t.clock.set(Instant.parse("2027-03-01T11:00:00Z"));
    JsonNode topped = ok(t.post(path + ":credits", "{\"add\":50}"));
    assertThat(topped.toString())
        .isEqualTo("{\"remaining\":150,\"refill\":{\"amount\":100,\"interval\":\"PT1H\"}}");
    assertThat(
            ok(t.post(path + ":credits", "{\"add\":1000000000000000}")).get("remaining").asLong())
        .isEqualTo(1_000_000_000_000_000L);
    // The refill of 11:00 was applied once: the next read within the hour does not top up again.
    ok(t.post(path + ":credits", "{\"set\":1}"));
    t.clock.advance(Duration.ofMinutes(30));
    assertThat(remaining(path)).isEqualTo(1);
  }

  @Test
  void creditsVerb_onAConsumer_andItsAuditEvents() {
    String id =
        ok201(t.post("/v1/consumers", "{\"name\":\"acme\",\"credits\":{\"remaining\":100}}"));

    JsonNode after = ok(t.post("/v1/consumers/" + id + ":credits", "{\"add\":-30}"));

    assertThat(after.toString()).isEqualTo("{\"remaining\":70}");
    assertThat(remaining("/v1/consumers/" + id)).isEqualTo(70);
    JsonNode event = ok(t.get("/v1/audit-events?page_size=1")).get("items").get(0);
    assertThat(event.get("action").asText()).isEqualTo("consumer.updated");
    assertThat(event.get("target").get("id").asText()).isEqualTo(id);
    assertThat(event.get("details").toString())
        .isEqualTo("{\"fields\":[\"credits\"],\"credits_added\":-30,\"credits_remaining\":70}");
  }

  @Test
  void consumerLimits_areCreatedReplacedAndListed() {
    String id =
        ok201(
            t.post(
                "/v1/consumers",
                "{\"name\":\"acme\","
                    + LIMITS
                    + ",\"credits\":{\"remaining\":1,\"refill\":{\"amount\":5,\"interval\":\"P7D\"}}}"));

    JsonNode changed =
        patch(
            "/v1/consumers/" + id,
            "{\"limits\":[{\"name\":\"requests\",\"limit\":1,\"period\":\"PT1M\"}],"
                + "\"name\":\"acme-2\"}");
    JsonNode listed = ok(t.get("/v1/consumers")).get("items").get(0);

    assertThat(changed.get("limits").toString())
        .isEqualTo("[{\"name\":\"requests\",\"limit\":1,\"period\":\"PT1M\"}]");
    assertThat(changed.get("credits").toString())
        .isEqualTo("{\"remaining\":1,\"refill\":{\"amount\":5,\"interval\":\"P7D\"}}");
    assertThat(listed.get("name").asText()).isEqualTo("acme-2");
    assertThat(listed.get("credits").get("remaining").asLong()).isEqualTo(1);
  }

  @Test
  void creditsOfAKeyHoldingGrantsTheCallerCannotGive_areForbidden_andUnchanged() {
    String id =
        createKey("\"permissions\":[\"orders:*\"],\"credits\":{\"remaining\":5}")
            .get("id")
            .asText();
    TestServer.Response narrow =
        t.post(
            "/v1/root-keys",
            "{\"name\":\"n\",\"permissions\":[\"keys.update\",\"keys.read\"],"
                + "\"key_permissions\":[\"orders:read\"]}");
    Map<String, String> as = Map.of("Authorization", "Bearer " + narrow.json().get("key").asText());

    TestServer.Response refused =
        t.call("POST", "/v1/keys/" + id + ":credits", "{\"set\":1000}", as);
    TestServer.Response patched =
        t.call("PATCH", "/v1/keys/" + id, "{\"credits\":{\"remaining\":1000}}", as);

    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(patched.status()).as(patched.body()).isEqualTo(403);
    assertThat(remaining("/v1/keys/" + id)).isEqualTo(5);
  }

  @Test
  void creditsOfARevokedKey_cannotChange() {
    String id = createKey("\"credits\":{\"remaining\":5}").get("id").asText();
    ok(t.post("/v1/keys/" + id + ":revoke", "{}"));

    TestServer.Response r = t.post("/v1/keys/" + id + ":credits", "{\"add\":5}");

    assertThat(r.status()).isEqualTo(409);
    assertThat(remaining("/v1/keys/" + id)).isEqualTo(5);
  }

  @Test
  void limitsAndCredits_areAuditedOnCreateAndUpdate() {
    String id = createKey(LIMITS + ",\"credits\":{\"remaining\":3}").get("id").asText();
    patch("/v1/keys/" + id, "{\"credits\":null,\"limits\":[]}");

    List<JsonNode> events = new ArrayList<>();
    ok(t.get("/v1/audit-events?page_size=2")).get("items").forEach(events::add);

    assertThat(events.get(1).get("action").asText()).isEqualTo("key.created");
    assertThat(events.get(1).get("details").get("limits").size()).isEqualTo(2);
    assertThat(events.get(1).get("details").get("credits").toString())
        .isEqualTo("{\"remaining\":3}");
    assertThat(events.get(0).get("action").asText()).isEqualTo("key.updated");
    assertThat(events.get(0).get("details").get("fields").toString())
        .isEqualTo("[\"limits\",\"credits\"]");
  }

  @Test
  void creditsVerbs_withAnIdempotencyKey_addOnce_replayTheFirstAnswer_andRefuseAnotherBody() {
    String key = createKey("\"credits\":{\"remaining\":5}").get("id").asText();
    String consumer =
        ok201(t.post("/v1/consumers", "{\"name\":\"c\",\"credits\":{\"remaining\":5}}"));
    for (String path : List.of("/v1/keys/" + key, "/v1/consumers/" + consumer)) {
      Map<String, String> h =
          Map.of("Authorization", "Bearer " + t.rootKey, "Idempotency-Key", "add-once:" + path);

      TestServer.Response first = t.call("POST", path + ":credits", "{\"add\":10000}", h);
      TestServer.Response retry = t.call("POST", path + ":credits", "{\"add\":10000}", h);
      TestServer.Response other = t.call("POST", path + ":credits", "{\"add\":1}", h);

      assertThat(first.status()).as(first.body()).isEqualTo(200);
      assertThat(first.header("Idempotent-Replayed")).isNull();
      assertThat(retry.status()).isEqualTo(200);
      assertThat(retry.body()).isEqualTo(first.body());
      assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(other.status()).isEqualTo(422);
      assertThat(other.json().get("type").asText())
          .isEqualTo("urn:latchkey:problem:idempotency-key-reused");
      assertThat(remaining(path)).isEqualTo(10_005);
    }
  }

  private long remaining(String path) {
    return ok(t.get(path)).get("credits").get("remaining").asLong();
  }

  private static String ok201(TestServer.Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }
}
