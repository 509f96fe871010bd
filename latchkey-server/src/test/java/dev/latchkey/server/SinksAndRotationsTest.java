package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sinks, rotation policies and rotations through the real server, delivering to the {@code memory}
 * sink driver of {@link TestServer}.
 */
class SinksAndRotationsTest {
  private static final String TOKEN = "sink-token-8d1f0c2a";

  @TempDir Path dir;
  TestServer t;
  String service;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    service =
        t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
            .json()
            .get("id")
            .asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private String sink(String name, String settings) {
    TestServer.Response r =
        t.post(
            "/v1/sinks",
            "{\"name\":\"%s\",\"type\":\"memory\",\"settings\":%s,\"credentials\":{\"token\":\"%s\"}}"
                .formatted(name, settings, TOKEN));
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("id").asText();
  }

  private JsonNode key() {
    return t.post("/v1/keys", "{\"service\":\"" + service + "\"}").json();
  }

  private String code(String secret) {
    return t.verify(secret).get("code").asText();
  }

  private static List<String> fields(TestServer.Response r) {
    List<String> fields = new ArrayList<>();
    r.json().path("errors").forEach(e -> fields.add(e.get("field").asText()));
    return fields;
  }

  @Test
  void createdSink_showsCredentialNamesOnly_neverTheirValues() {
    String id = sink("vault-a", "{\"label\":\"a\"}");
    for (TestServer.Response r :
        List.of(
            t.get("/v1/sinks/" + id),
            t.get("/v1/sinks"),
            t.call("PATCH", "/v1/sinks/" + id, "{\"name\":\"vault-b\"}"),
            t.get("/v1/audit-events"))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).doesNotContain(TOKEN);
    }
    JsonNode got = t.get("/v1/sinks/" + id).json();
    assertThat(got.get("name").asText()).isEqualTo("vault-b");
    assertThat(got.get("credentials").toString()).isEqualTo("[\"token\"]");
    assertThat(got.get("settings").get("label").asText()).isEqualTo("a");
  }

  @Test
  void badSinks_are400NamingTheField() {
    TestServer.Response unknownType =
        t.post("/v1/sinks", "{\"name\":\"x\",\"type\":\"carrier-pigeon\"}");
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(fields(unknownType)).containsExactly("type");
    assertThat(unknownType.body())
        .contains("memory", "file", "vault", "kubernetes", "one_time_link");

    TestServer.Response badSetting =
        t.post(
            "/v1/sinks", "{\"name\":\"x\",\"type\":\"memory\",\"settings\":{\"colour\":\"red\"}}");
    assertThat(badSetting.status()).isEqualTo(400);
    assertThat(fields(badSetting)).containsExactly("settings.colour");

    TestServer.Response badName =
        t.post(
            "/v1/sinks", "{\"name\":\"x\",\"type\":\"memory\",\"settings\":{\"Bad-Name\":\"1\"}}");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(fields(badName)).containsExactly("settings");

    String many =
        IntStream.range(0, 33)
            .mapToObj(i -> "\"s" + i + "\":\"v\"")
            .collect(Collectors.joining(","));
    TestServer.Response tooMany =
        t.post("/v1/sinks", "{\"name\":\"x\",\"type\":\"memory\",\"credentials\":{" + many + "}}");
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(fields(tooMany)).contains("credentials");
    assertThat(tooMany.body()).doesNotContain("\"v\"");

    TestServer.Response unknownField =
        t.post("/v1/sinks", "{\"name\":\"x\",\"type\":\"memory\",\"owner\":\"me\"}");
    assertThat(unknownField.status()).isEqualTo(400);
    assertThat(fields(unknownField)).containsExactly("owner");

    assertThat(t.get("/v1/sinks/key_" + "A".repeat(24)).status()).isEqualTo(400);
    assertThat(t.get("/v1/sinks/snk_" + "A".repeat(24)).status()).isEqualTo(404);
    assertThat(t.get("/v1/sinks").json().get("items").size()).isZero();
  }

  @Test
  void policyNamingAnUnknownSink_is400_andAUsedSinkCannotBeDeleted() {
    TestServer.Response unknown =
        t.call(
            "PUT",
            "/v1/services/" + service + "/rotation-policy",
            "{\"max_age\":\"P90D\",\"sink\":\"snk_" + "A".repeat(24) + "\"}");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(fields(unknown)).containsExactly("sink");
    TestServer.Response neither =
        t.call(
            "PUT", "/v1/services/" + service + "/rotation-policy", "{\"grace_period\":\"PT1H\"}");
    assertThat(neither.status()).isEqualTo(400);
    assertThat(fields(neither)).contains("max_age");

    String sink = sink("used", "{}");
    TestServer.Response set =
        t.call(
            "PUT",
            "/v1/services/" + service + "/rotation-policy",
            "{\"max_age\":\"P90D\",\"sink\":\"" + sink + "\"}");
    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().get("grace_period").asText()).isEqualTo("PT24H");
    assertThat(t.call("DELETE", "/v1/sinks/" + sink, null).status()).isEqualTo(409);
    assertThat(t.call("DELETE", "/v1/services/" + service + "/rotation-policy", null).status())
        .isEqualTo(204);
    assertThat(t.call("DELETE", "/v1/sinks/" + sink, null).status()).isEqualTo(204);
    assertThat(t.get("/v1/sinks/" + sink).status()).isEqualTo(404);
  }

  @Test
  void confinedRootKey_mayNotNameASink_evenForItsOwnService() {
    String sink = sink("shared", "{}");
    String confined =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"c\",\"permissions\":[\"services.write\",\"sinks.write\"],"
                    + "\"services\":[\""
                    + service
                    + "\"]}")
            .json()
            .get("key")
            .asText();
    Map<String, String> as = Map.of("Authorization", "Bearer " + confined);
    String path = "/v1/services/" + service + "/rotation-policy";
    assertThat(t.call("PUT", path, "{\"max_age\":\"P90D\",\"sink\":\"" + sink + "\"}", as).status())
        .isEqualTo(403);
    assertThat(t.call("PUT", path, "{\"max_age\":\"P90D\"}", as).status()).isEqualTo(200);
    assertThat(t.call("DELETE", "/v1/sinks/" + sink, null, as).status()).isEqualTo(403);
  }

  @Test
  void startedRotation_deliversANewSecret_andTheOldOneVerifiesUntilTheGraceEnds() {
    String sink = sink("mem", "{\"label\":\"pods\"}");
    JsonNode issued = key();
    String keyId = issued.get("data").get("id").asText();
    String old = issued.get("key").asText();

    TestServer.Response r =
        t.post(
            "/v1/keys/" + keyId + "/rotations",
            "{\"sink\":\"" + sink + "\",\"grace_period\":\"PT1H\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(201);
    assertThat(r.json().get("status").asText()).isEqualTo("done");
    assertThat(r.json().get("reason").asText()).isEqualTo("manual");
    assertThat(r.json().get("location").asText()).isEqualTo("memory:pods");
    String delivered = t.sink.lastSecret(keyId).orElseThrow();
    assertThat(delivered).isNotEqualTo(old).startsWith("pay_");
    assertThat(r.body()).doesNotContain(delivered);
    assertThat(code(delivered)).isEqualTo("VALID");
    assertThat(code(old)).isEqualTo("VALID");
    assertThat(t.get("/v1/audit-events").body()).doesNotContain(delivered);

    t.clock.advance(Duration.ofMinutes(61));
    assertThat(code(old)).isNotEqualTo("VALID");
    assertThat(code(delivered)).isEqualTo("VALID");
    JsonNode history = t.get("/v1/keys/" + keyId + "/rotations").json().get("items");
    assertThat(history.size()).isEqualTo(1);
    assertThat(history.get(0).get("status").asText()).isEqualTo("done");
  }

  @Test
  void rotationWithoutAnySink_is400NamingSink() {
    String keyId = key().get("data").get("id").asText();
    TestServer.Response r = t.post("/v1/keys/" + keyId + "/rotations", null);
    assertThat(r.status()).isEqualTo(400);
    assertThat(fields(r)).containsExactly("sink");
  }

  @Test
  void scheduler_rotatesADueKey_onceTheClockPassesItsMaxAge() {
    String sink = sink("mem", "{}");
    t.call(
        "PUT",
        "/v1/services/" + service + "/rotation-policy",
        "{\"max_age\":\"PT2H\",\"grace_period\":\"PT10M\",\"sink\":\"" + sink + "\"}");
    JsonNode issued = key();
    String keyId = issued.get("data").get("id").asText();

    assertThat(t.rotateDue()).isZero();
    // Delivered on creation already: the policy names a sink.
    assertThat(t.sink.lastSecret(keyId)).contains(issued.get("key").asText());

    t.clock.advance(Duration.ofHours(2).plusMinutes(1));
    assertThat(t.rotateDue()).isEqualTo(1);

    String delivered = t.sink.lastSecret(keyId).orElseThrow();
    assertThat(code(delivered)).isEqualTo("VALID");
    assertThat(code(issued.get("key").asText())).isEqualTo("VALID");
    JsonNode rotation = t.get("/v1/keys/" + keyId + "/rotations").json().get("items").get(0);
    assertThat(rotation.get("reason").asText()).isEqualTo("schedule");
    assertThat(rotation.get("status").asText()).isEqualTo("done");
    assertThat(t.rotateDue()).isZero();
    assertThat(t.sink.deliveries(keyId)).isEqualTo(2);
  }

  @Test
  void failingSink_answers202Pending_keepsTheOldSecret_andRaisesRotationFailed() {
    String sink = sink("down", "{\"fail\":\"true\"}");
    JsonNode issued = key();
    String keyId = issued.get("data").get("id").asText();

    TestServer.Response r =
        t.post("/v1/keys/" + keyId + "/rotations", "{\"sink\":\"" + sink + "\"}");

    assertThat(r.status()).as(r.body()).isEqualTo(202);
    assertThat(r.json().get("status").asText()).isEqualTo("pending");
    assertThat(r.json().get("attempts").asInt()).isEqualTo(1);
    assertThat(r.json().get("last_error").asText()).contains("refused");
    assertThat(r.json().has("next_attempt_at")).isTrue();
    assertThat(code(issued.get("key").asText())).isEqualTo("VALID");
    assertThat(t.get("/v1/keys/" + keyId).json().get("start").asText())
        .isEqualTo(issued.get("data").get("start").asText());
    assertThat(t.post("/v1/keys/" + keyId + "/rotations", "{\"sink\":\"" + sink + "\"}").status())
        .isEqualTo(409);
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode alerts = t.get("/v1/alerts?rule=rotation_failed").json().get("items");
              assertThat(alerts.size()).isEqualTo(1);
              assertThat(alerts.get(0).get("subject").get("id").asText()).isEqualTo(keyId);
            });
  }

  @Test
  void scheduler_warnsAheadOfARotation_andAlertsWhenAKeyWithoutSinkIsDue() {
    t.call("PUT", "/v1/services/" + service + "/rotation-policy", "{\"max_age\":\"P2D\"}");
    String keyId = key().get("data").get("id").asText();

    t.clock.advance(Duration.ofHours(25)); // within the default notice of one day
    t.rotateDue();
    awaitAlert("rotation_upcoming", keyId);
    t.clock.advance(Duration.ofDays(1));
    assertThat(t.rotateDue()).isZero(); // no sink: nothing rotates, an alert says it is due
    awaitAlert("rotation_due", keyId);
    assertThat(t.get("/v1/keys/" + keyId + "/rotations").json().get("items").size()).isZero();
  }

  @Test
  void zeroNotice_silencesOnlyTheWarningAhead() {
    t.close();
    t =
        new TestServer(
            dir.resolve("quiet"), c -> c.withRotation(c.rotation().withNotice(Duration.ZERO)));
    service = t.post("/v1/services", "{\"name\":\"quiet\"}").json().get("id").asText();
    t.call("PUT", "/v1/services/" + service + "/rotation-policy", "{\"max_age\":\"P2D\"}");
    String keyId = key().get("data").get("id").asText();

    t.clock.advance(Duration.ofHours(25));
    t.rotateDue();
    t.clock.advance(Duration.ofDays(1));
    t.rotateDue();

    awaitAlert("rotation_due", keyId);
    assertThat(t.get("/v1/alerts?rule=rotation_upcoming").json().get("items").size()).isZero();
  }

  private void awaitAlert(String rule, String keyId) {
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode alerts = t.get("/v1/alerts?rule=" + rule).json().get("items");
              assertThat(alerts.size()).as(rule).isEqualTo(1);
              assertThat(alerts.get(0).get("subject").get("id").asText()).isEqualTo(keyId);
            });
  }
}
