package dev.latchkey.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rate limits and credits of keys and consumers on one node, through the HTTP API, on a clock the
 * test moves: windows, boundaries, cost, limit names, overrides, refills, and that a denied request
 * spends nothing. Each test runs in a year of its own, later than the one before (the limiter never
 * lets its clock go back), so no test sees another's windows.
 */
class UsageLimitsTest {
  @TempDir static Path dir;
  static TestServer t;
  static String service;

  @BeforeAll
  static void start() {
    t = new TestServer(dir);
    service =
        t.post("/v1/services", "{\"name\":\"metered\",\"prefix\":\"m\"}").json().get("id").asText();
  }

  static int year = 2030;

  @BeforeEach
  void nextYear() {
    year++;
  }

  /** {@code monthDayTime} ({@code 01-01T10:00:00Z}) in this test's year. */
  static String iso(String monthDayTime) {
    return year + "-" + monthDayTime;
  }

  @AfterAll
  static void stop() {
    t.close();
  }

  /** Creates a key with {@code fields}; returns the create response (id in data, secret in key). */
  static JsonNode key(String fields) {
    Response r = t.post("/v1/keys", "{\"service\":\"" + service + "\"," + fields + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  static String consumer(String fields) {
    Response r = t.post("/v1/consumers", "{\"name\":\"c\"," + fields + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  static JsonNode verify(JsonNode issued, String extra) {
    String body =
        "{\"key\":\""
            + issued.get("key").asText()
            + "\""
            + (extra.isEmpty() ? "" : "," + extra)
            + "}";
    Response r = t.post("/v1/keys:verify", body);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json();
  }

  static JsonNode verify(JsonNode issued) {
    return verify(issued, "");
  }

  static String code(JsonNode verdict) {
    return verdict.get("code").asText();
  }

  static long remaining(JsonNode verdict) {
    return verdict.get("rate_limit").get("remaining").asLong();
  }

  static void at(String monthDayTime) {
    t.clock.set(Instant.parse(iso(monthDayTime)));
  }

  @Test
  void keyLimit_admitsItsLimitPerWindow_thenDeniesUntilTheWindowEnds() {
    at("01-01T10:00:10Z");
    JsonNode k = key("\"limits\":[{\"name\":\"requests\",\"limit\":3,\"period\":\"PT1M\"}]");

    assertThat(remaining(verify(k))).isEqualTo(2);
    assertThat(remaining(verify(k))).isEqualTo(1);
    JsonNode third = verify(k);
    assertThat(code(third)).isEqualTo("VALID");
    assertThat(third.get("rate_limit").get("reset").asText()).isEqualTo(iso("01-01T10:01:00Z"));
    JsonNode denied = verify(k);

    assertThat(code(denied)).isEqualTo("RATE_LIMITED");
    assertThat(denied.get("valid").asBoolean()).isFalse();
    assertThat(denied.get("key_id").asText()).isEqualTo(k.get("data").get("id").asText());
    assertThat(denied.get("rate_limit").get("name").asText()).isEqualTo("requests");
    assertThat(denied.get("rate_limit").get("limit").asLong()).isEqualTo(3);
    assertThat(remaining(denied)).isZero();
    assertThat(denied.get("rate_limit").get("reset").asText()).isEqualTo(iso("01-01T10:01:00Z"));

    at("01-01T10:00:59.999Z");
    assertThat(code(verify(k))).isEqualTo("RATE_LIMITED");
    at("01-01T10:01:00Z");
    JsonNode next = verify(k);
    assertThat(code(next)).isEqualTo("VALID");
    assertThat(remaining(next)).isEqualTo(2);
  }

  @Test
  void cost_spendsThatMany_andZeroOnlyAsksWhetherARequestWouldPass() {
    at("01-02T10:00:00Z");
    JsonNode k = key("\"limits\":[{\"name\":\"requests\",\"limit\":10,\"period\":\"PT1M\"}]");

    assertThat(remaining(verify(k, "\"cost\":4"))).isEqualTo(6);
    JsonNode read = verify(k, "\"cost\":0");
    assertThat(code(read)).isEqualTo("VALID");
    assertThat(remaining(read)).isEqualTo(6);
    JsonNode tooMuch = verify(k, "\"cost\":7");
    assertThat(code(tooMuch)).isEqualTo("RATE_LIMITED");
    assertThat(remaining(tooMuch)).isEqualTo(6);
    assertThat(remaining(verify(k, "\"cost\":6"))).isZero();
    assertThat(code(verify(k, "\"cost\":0"))).isEqualTo("RATE_LIMITED");
  }

  @Test
  void consumerLimit_isSharedByItsKeys_andAKeyLimitOfTheSameNameOverridesIt() {
    at("01-03T10:00:00Z");
    String con = consumer("\"limits\":[{\"name\":\"requests\",\"limit\":4,\"period\":\"PT1M\"}]");
    JsonNode a = key("\"consumer\":\"" + con + "\"");
    JsonNode b = key("\"consumer\":\"" + con + "\"");
    JsonNode own =
        key(
            "\"consumer\":\""
                + con
                + "\",\"limits\":[{\"name\":\"requests\",\"limit\":1,\"period\":\"PT1M\"}]");

    assertThat(code(verify(a))).isEqualTo("VALID");
    assertThat(code(verify(b))).isEqualTo("VALID");
    assertThat(code(verify(a))).isEqualTo("VALID");
    assertThat(remaining(verify(b))).isZero();
    assertThat(code(verify(a))).isEqualTo("RATE_LIMITED");
    assertThat(code(verify(b))).isEqualTo("RATE_LIMITED");

    // The overriding key counts on its own limit, not on its consumer's spent one.
    assertThat(code(verify(own))).isEqualTo("VALID");
    assertThat(code(verify(own))).isEqualTo("RATE_LIMITED");
  }

  @Test
  void limitNames_chooseWhichLimitsApply_andUnknownNamesAreIgnored() {
    at("01-04T10:00:00Z");
    JsonNode k =
        key(
            "\"limits\":[{\"name\":\"requests\",\"limit\":2,\"period\":\"PT1M\"},"
                + "{\"name\":\"bulk\",\"limit\":1,\"period\":\"PT1H\"}]");

    assertThat(verify(k, "\"limits\":[\"requests\"]").get("rate_limit").get("name").asText())
        .isEqualTo("requests");
    assertThat(code(verify(k, "\"limits\":[\"requests\"]"))).isEqualTo("VALID");
    assertThat(code(verify(k, "\"limits\":[\"requests\"]"))).isEqualTo("RATE_LIMITED");
    JsonNode bulk = verify(k, "\"limits\":[\"bulk\"]");
    assertThat(code(bulk)).isEqualTo("VALID");
    assertThat(bulk.get("rate_limit").get("reset").asText()).isEqualTo(iso("01-04T11:00:00Z"));
    assertThat(code(verify(k, "\"limits\":[\"bulk\"]"))).isEqualTo("RATE_LIMITED");
    assertThat(code(verify(k))).isEqualTo("RATE_LIMITED");

    JsonNode none = verify(k, "\"limits\":[]");
    assertThat(code(none)).isEqualTo("VALID");
    assertThat(none.has("rate_limit")).isFalse();
    assertThat(code(verify(k, "\"limits\":[\"unknown\"]"))).isEqualTo("VALID");
  }

  @Test
  void credits_countDown_areExceededAtZero_andRefillAtTheBoundary() {
    at("01-05T10:30:00Z");
    JsonNode k =
        key("\"credits\":{\"remaining\":3,\"refill\":{\"amount\":5,\"interval\":\"PT1H\"}}");
    String id = k.get("data").get("id").asText();

    assertThat(verify(k).get("credits_remaining").asLong()).isEqualTo(2);
    assertThat(verify(k).get("credits_remaining").asLong()).isEqualTo(1);
    assertThat(verify(k).get("credits_remaining").asLong()).isZero();
    JsonNode exceeded = verify(k);
    assertThat(code(exceeded)).isEqualTo("USAGE_EXCEEDED");
    assertThat(exceeded.get("credits_remaining").asLong()).isZero();
    assertThat(t.get("/v1/keys/" + id).json().get("credits").get("remaining").asLong()).isZero();

    at("01-05T10:59:59.999Z");
    assertThat(code(verify(k))).isEqualTo("USAGE_EXCEEDED");
    at("01-05T11:00:00Z");
    JsonNode refilled = verify(k);
    assertThat(code(refilled)).isEqualTo("VALID");
    assertThat(refilled.get("credits_remaining").asLong()).isEqualTo(4);
  }

  /**
   * A refill applied by a node whose clock ran ahead is not applied again after a PATCH made on a
   * node whose clock is behind it (the PATCH never moves the last refill back).
   */
  @Test
  void aPatchOnAClockBehindTheLastRefill_doesNotLetThatRefillHappenTwice() {
    at("02-01T11:30:00Z");
    JsonNode k =
        key("\"credits\":{\"remaining\":5,\"refill\":{\"amount\":5,\"interval\":\"PT1H\"}}");
    String id = k.get("data").get("id").asText();
    at("02-01T12:10:00Z");
    assertThat(verify(k, "\"cost\":4").get("credits_remaining").asLong()).isEqualTo(1);

    at("02-01T11:50:00Z");
    Response patch =
        t.call(
            "PATCH",
            "/v1/keys/" + id,
            "{\"credits\":{\"refill\":{\"amount\":5,\"interval\":\"PT1H\"}}}");
    assertThat(patch.status()).as(patch.body()).isEqualTo(200);
    at("02-01T12:20:00Z");

    assertThat(verify(k).get("credits_remaining").asLong()).isZero();
  }

  @Test
  void monthlyRefill_onADayTheMonthLacks_happensOnItsLastDay() {
    at("11-29T12:00:00Z");
    JsonNode k =
        key("\"credits\":{\"remaining\":0,\"refill\":{\"amount\":100,\"day_of_month\":31}}");

    assertThat(code(verify(k))).isEqualTo("USAGE_EXCEEDED");
    at("11-30T00:00:00Z");
    assertThat(verify(k).get("credits_remaining").asLong()).isEqualTo(99);
  }

  @Test
  void consumerCredits_areSharedByItsKeys_andTakenTogetherWithTheKeys() {
    at("01-06T10:00:00Z");
    String con = consumer("\"credits\":{\"remaining\":3}");
    JsonNode a = key("\"consumer\":\"" + con + "\",\"credits\":{\"remaining\":10}");
    JsonNode b = key("\"consumer\":\"" + con + "\"");

    assertThat(verify(a).get("credits_remaining").asLong()).isEqualTo(2);
    assertThat(verify(b).get("credits_remaining").asLong()).isEqualTo(1);
    assertThat(verify(a).get("credits_remaining").asLong()).isZero();
    assertThat(code(verify(a))).isEqualTo("USAGE_EXCEEDED");
    assertThat(code(verify(b))).isEqualTo("USAGE_EXCEEDED");
    // The key's own balance lost only what was admitted: 10 - 2.
    String id = a.get("data").get("id").asText();
    assertThat(t.get("/v1/keys/" + id).json().get("credits").get("remaining").asLong())
        .isEqualTo(8);
  }

  @Test
  void aRequestDeniedByCredits_spendsNothingOnTheRateLimits_andViceVersa() {
    at("01-07T10:00:00Z");
    JsonNode creditsRunOut =
        key(
            "\"limits\":[{\"name\":\"requests\",\"limit\":3,\"period\":\"PT1M\"}],"
                + "\"credits\":{\"remaining\":2}");
    verify(creditsRunOut);
    verify(creditsRunOut);
    JsonNode exceeded = verify(creditsRunOut);
    assertThat(code(exceeded)).isEqualTo("USAGE_EXCEEDED");
    assertThat(remaining(exceeded))
        .as("the verdict shows the limit as the refund left it")
        .isEqualTo(1);
    assertThat(code(verify(creditsRunOut))).isEqualTo("USAGE_EXCEEDED");
    assertThat(remaining(verify(creditsRunOut, "\"cost\":0"))).isEqualTo(1);

    JsonNode ratesRunOut =
        key(
            "\"limits\":[{\"name\":\"requests\",\"limit\":1,\"period\":\"PT1M\"}],"
                + "\"credits\":{\"remaining\":10}");
    verify(ratesRunOut);
    assertThat(code(verify(ratesRunOut))).isEqualTo("RATE_LIMITED");
    assertThat(code(verify(ratesRunOut))).isEqualTo("RATE_LIMITED");
    String id = ratesRunOut.get("data").get("id").asText();
    assertThat(t.get("/v1/keys/" + id).json().get("credits").get("remaining").asLong())
        .isEqualTo(9);
  }

  @Test
  void aKeyWithoutLimits_verifiesWithoutUsageFields() {
    JsonNode plain = key("\"name\":\"plain\"");
    JsonNode v = verify(plain, "\"cost\":1000");
    assertThat(code(v)).isEqualTo("VALID");
    assertThat(v.has("rate_limit")).isFalse();
    assertThat(v.has("credits_remaining")).isFalse();
  }

  @Test
  void readiness_saysRateLimitsAreCountedInMemory() {
    assertThat(t.get("/readyz").json().get("rate_limits").asText()).isEqualTo("memory");
  }

  @Test
  void standaloneLimit_countsPerIdentifierWithinANamespace() {
    at("01-08T10:00:00Z");
    String body = "{\"namespace\":\"login\",\"identifier\":\"%s\",\"limit\":2,\"period\":\"PT1M\"}";
    JsonNode first = t.post("/v1/ratelimits:check", body.formatted("alice")).json();
    assertThat(first.get("allowed").asBoolean()).isTrue();
    assertThat(first.get("remaining").asLong()).isEqualTo(1);
    assertThat(first.get("reset").asText()).isEqualTo(iso("01-08T10:01:00Z"));
    assertThat(
            t.post("/v1/ratelimits:check", body.formatted("alice"))
                .json()
                .get("allowed")
                .asBoolean())
        .isTrue();
    JsonNode third = t.post("/v1/ratelimits:check", body.formatted("alice")).json();
    assertThat(third.get("allowed").asBoolean()).isFalse();
    assertThat(third.get("remaining").asLong()).isZero();
    assertThat(
            t.post("/v1/ratelimits:check", body.formatted("bob")).json().get("allowed").asBoolean())
        .isTrue();

    t.clock.advance(Duration.ofMinutes(1));
    assertThat(
            t.post("/v1/ratelimits:check", body.formatted("alice"))
                .json()
                .get("allowed")
                .asBoolean())
        .isTrue();
  }

  @Test
  void standaloneLimit_refusesBadInput_namingEachField() {
    Response r =
        t.post(
            "/v1/ratelimits:check",
            "{\"namespace\":\"a:b\",\"identifier\":\"\",\"limit\":0,\"period\":\"PT0.5S\",\"cost\":-1}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("namespace", "identifier", "limit", "period", "cost");
    Response missing = t.post("/v1/ratelimits:check", "{}");
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("errors").findValuesAsText("field"))
        .containsExactlyInAnyOrder("namespace", "identifier", "limit", "period");
  }
}
