package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input gets a clear problem+json 4xx naming what is wrong, and changes nothing. */
class BadInputTest {
  @TempDir Path dir;
  TestServer t;
  String serviceId;
  String keyId;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    serviceId = t.post("/v1/services", "{\"name\":\"payments\"}").json().get("id").asText();
    keyId =
        t.post("/v1/keys", "{\"service\":\"" + serviceId + "\"}")
            .json()
            .get("data")
            .get("id")
            .asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  static Stream<Arguments> badBodies() {
    String longName = "x".repeat(129);
    return Stream.of(
        Arguments.of("POST", "/v1/services", "{\"name\":\"a\",\"colour\":\"red\"}", "colour"),
        Arguments.of("POST", "/v1/services", "{\"name\":42}", "name"),
        Arguments.of("POST", "/v1/services", "{\"name\":true}", "name"),
        Arguments.of("POST", "/v1/services", "{\"name\":\"a\",\"Weird Field\":1}", "?"),
        Arguments.of("POST", "/v1/keys", "{\"service\":\"SVC\",\"enabled\":1}", "enabled"),
        Arguments.of("POST", "/v1/services", "{\"name\":\"" + longName + "\"}", "name"),
        Arguments.of("POST", "/v1/services", "{\"name\":\"  \"}", "name"),
        Arguments.of("POST", "/v1/services", "{\"name\":\"a\\u0000b\"}", "name"),
        Arguments.of(
            "POST", "/v1/services", "{\"name\":\"a\",\"prefix\":\"Bad_Prefix\"}", "prefix"),
        Arguments.of("POST", "/v1/services", "{}", "name"),
        Arguments.of("POST", "/v1/services", "{\"name\":\"a\"", "body"),
        Arguments.of("POST", "/v1/services", "[1,2]", "body"),
        Arguments.of("POST", "/v1/services", "{\"name\":\"a\"} trailing", "body"),
        Arguments.of("POST", "/v1/consumers", "{\"name\":\"c\",\"meta\":[1]}", "meta"),
        Arguments.of(
            "POST",
            "/v1/consumers",
            "{\"name\":\"c\",\"meta\":{\"big\":\"" + "x".repeat(9000) + "\"}}",
            "meta"),
        Arguments.of(
            "POST",
            "/v1/consumers",
            "{\"name\":\"c\",\"external_id\":\"" + "e".repeat(257) + "\"}",
            "external_id"),
        Arguments.of("POST", "/v1/keys", "{}", "service"),
        Arguments.of("POST", "/v1/keys", "{\"service\":\"not-an-id\"}", "service"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"svc_AAAAAAAAAAAAAAAAAAAAAAAA\"}", "service"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"SVC\",\"expires_at\":\"tomorrow\"}", "expires_at"),
        Arguments.of(
            "POST",
            "/v1/keys",
            "{\"service\":\"SVC\",\"expires_at\":\"2001-01-01T00:00:00Z\"}",
            "expires_at"),
        Arguments.of("POST", "/v1/keys", "{\"service\":\"SVC\",\"enabled\":\"yes\"}", "enabled"),
        Arguments.of(
            "POST",
            "/v1/keys",
            "{\"service\":\"SVC\",\"consumer\":\"con_AAAAAAAAAAAAAAAAAAAAAAAA\"}",
            "consumer"),
        Arguments.of(
            "POST", "/v1/keys/KEY:rotate", "{\"grace_period\":\"24 hours\"}", "grace_period"),
        Arguments.of("POST", "/v1/keys/KEY:rotate", "{\"grace_period\":\"P31D\"}", "grace_period"),
        Arguments.of("POST", "/v1/keys/KEY:rotate", "{\"grace_period\":\"-PT1H\"}", "grace_period"),
        Arguments.of(
            "POST", "/v1/keys/KEY:revoke", "{\"reason\":\"" + "r".repeat(513) + "\"}", "reason"),
        Arguments.of("PATCH", "/v1/keys/KEY", "{\"name\":\"" + longName + "\"}", "name"),
        Arguments.of("PATCH", "/v1/keys/KEY", "{\"meta\":\"text\"}", "meta"),
        Arguments.of("POST", "/v1/keys:verify", "{}", "key"),
        Arguments.of("POST", "/v1/keys:verify", "{\"key\":\"" + "k".repeat(2000) + "\"}", "key"),
        Arguments.of(
            "POST",
            "/v1/root-keys",
            "{\"name\":\"r\",\"permissions\":[\"keys.destroy\"]}",
            "permissions[0]"),
        Arguments.of("POST", "/v1/root-keys", "{\"name\":\"r\",\"permissions\":[]}", "permissions"),
        Arguments.of("POST", "/v1/root-keys", "{\"name\":\"r\"}", "permissions"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"SVC\",\"permissions\":\"a:b\"}", "permissions"),
        Arguments.of(
            "POST",
            "/v1/keys",
            "{\"service\":\"SVC\",\"permissions\":[\"A:B\"]}",
            "permissions[0]"),
        Arguments.of(
            "POST",
            "/v1/keys",
            "{\"service\":\"SVC\",\"permissions\":[\"a:*:b\"]}",
            "permissions[0]"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"SVC\",\"permissions\":[null]}", "permissions[0]"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"SVC\",\"roles\":[\"no-such-role\"]}", "roles[0]"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"SVC\",\"roles\":[\"r\",\"r\"]}", "roles[1]"),
        Arguments.of(
            "POST", "/v1/keys", "{\"service\":\"SVC\",\"condition\":\"1 +\"}", "condition"),
        Arguments.of(
            "POST",
            "/v1/keys",
            "{\"service\":\"SVC\",\"condition\":\"request.method\"}",
            "condition"),
        Arguments.of(
            "POST",
            "/v1/keys",
            "{\"service\":\"SVC\",\"condition\":\"" + "!".repeat(2000) + "true\"}",
            "condition"),
        Arguments.of("PATCH", "/v1/keys/KEY", "{\"condition\":\"request.ip ==\"}", "condition"),
        Arguments.of(
            "PATCH", "/v1/keys/KEY", "{\"condition\":\"true // \\u001b[2J\"}", "condition"),
        Arguments.of("PATCH", "/v1/keys/KEY", "{\"permissions\":[\"*\",\"*\"]}", "permissions[1]"),
        Arguments.of(
            "POST",
            "/v1/keys:verify",
            "{\"key\":\"k\",\"permissions\":\"a:b AND\"}",
            "permissions"),
        Arguments.of(
            "POST", "/v1/keys:verify", "{\"key\":\"k\",\"permissions\":\"(a:b\"}", "permissions"),
        Arguments.of(
            "POST", "/v1/keys:verify", "{\"key\":\"k\",\"permissions\":\"\"}", "permissions"),
        Arguments.of(
            "POST",
            "/v1/keys:verify",
            "{\"key\":\"k\",\"context\":{\"request\":{\"ip\":\"" + "1".repeat(65) + "\"}}}",
            "context.request.ip"),
        Arguments.of(
            "POST",
            "/v1/keys:verify",
            "{\"key\":\"k\",\"context\":{\"request\":{\"headers\":{\"a\":1}}}}",
            "context.request.headers.a"),
        Arguments.of(
            "POST", "/v1/keys:verify", "{\"key\":\"k\",\"context\":{\"user\":{}}}", "context.user"),
        Arguments.of(
            "POST",
            "/v1/root-keys",
            "{\"name\":\"r\",\"permissions\":[\"keys.read\"],\"services\":[]}",
            "services"),
        Arguments.of(
            "POST",
            "/v1/root-keys",
            "{\"name\":\"r\",\"permissions\":[\"keys.read\"],\"services\":[\"x\"]}",
            "services[0]"),
        Arguments.of(
            "POST",
            "/v1/root-keys",
            "{\"name\":\"r\",\"permissions\":[\"keys.read\"],\"services\":[null]}",
            "services[0]"),
        Arguments.of(
            "POST",
            "/v1/root-keys",
            "{\"name\":\"r\",\"permissions\":[\"keys.read\"],\"services\":[\"svc_AAAAAAAAAAAAAAAAAAAAAAAA\"]}",
            "services"),
        Arguments.of(
            "POST",
            "/v1/root-keys",
            "{\"name\":\"r\",\"permissions\":[\"keys.read\"],\"key_permissions\":[\"nope\"]}",
            "key_permissions[0]"));
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("badBodies")
  void badBody_is400NamingTheField_andChangesNothing(
      String method, String path, String body, String field) {
    int eventsBefore = auditCount();
    TestServer.Response r =
        t.call(
            method,
            path.replace("KEY", keyId),
            body.replace("SVC", serviceId),
            Map.of("Authorization", "Bearer " + t.rootKey));
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertProblem(r, "invalid-request");
    JsonNode errors = r.json().get("errors");
    assertThat(errors).as(r.body()).isNotNull();
    assertThat(errors.get(0).get("field").asText()).isEqualTo(field);
    assertThat(errors.get(0).get("message").asText()).isNotBlank();
    assertThat(auditCount()).isEqualTo(eventsBefore);
  }

  @Test
  void oversizeBody_is413() {
    String body = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    TestServer.Response r = t.post("/v1/services", body);
    assertThat(r.status()).isEqualTo(413);
    assertProblem(r, "payload-too-large");
  }

  @Test
  void nonJsonContentType_is415() {
    TestServer.Response r =
        t.call(
            "POST",
            "/v1/services",
            "name=a",
            Map.of(
                "Authorization",
                "Bearer " + t.rootKey,
                "Content-Type",
                "application/x-www-form-urlencoded"));
    assertThat(r.status()).isEqualTo(415);
    assertProblem(r, "unsupported-media-type");
  }

  @Test
  void badIdsAndQueries_are400_unknownIds404() {
    assertThat(t.get("/v1/keys/nope").status()).isEqualTo(400);
    assertThat(t.get("/v1/services/key_AAAAAAAAAAAAAAAAAAAAAAAA").status()).isEqualTo(400);
    TestServer.Response missing = t.get("/v1/keys/key_AAAAAAAAAAAAAAAAAAAAAAAA");
    assertThat(missing.status()).isEqualTo(404);
    assertProblem(missing, "not-found");
    assertThat(t.get("/v1/keys?page_size=0").status()).isEqualTo(400);
    assertThat(t.get("/v1/keys?page_size=101").status()).isEqualTo(400);
    assertThat(t.get("/v1/keys?page_size=ten").status()).isEqualTo(400);
    assertThat(
            t.get("/v1/keys?page_token=garbage").json().get("errors").get(0).get("field").asText())
        .isEqualTo("page_token");
    assertThat(t.get("/v1/keys?state=LOST").status()).isEqualTo(400);
    assertThat(t.get("/v1/keys?service=payments").status()).isEqualTo(400);
  }

  @Test
  void unknownRoute_is404_wrongMethod_is405WithAllow() {
    TestServer.Response unknown = t.get("/v1/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertProblem(unknown, "not-found");
    assertThat(t.get("/v1/keys/" + keyId + ":explode").status()).isEqualTo(404);
    TestServer.Response wrong = t.call("DELETE", "/v1/keys/" + keyId, null);
    assertThat(wrong.status()).isEqualTo(405);
    assertThat(wrong.header("Allow")).isEqualTo("GET, PATCH");
    assertProblem(wrong, "method-not-allowed");
    assertThat(t.call("GET", "/v1/keys:verify", null).status()).isEqualTo(405);
  }

  @Test
  void missingOrBadRootKey_is401WithChallenge_lackingPermission_is403() {
    for (Map<String, String> h :
        java.util.List.of(
            Map.<String, String>of(),
            Map.of("Authorization", "Basic abc"),
            Map.of("Authorization", "Bearer lk_root_short"),
            Map.of(
                "Authorization",
                "Bearer " + dev.latchkey.core.secret.KeyFormat.generateRoot().reveal()))) {
      TestServer.Response r = t.call("GET", "/v1/keys", null, h);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
      assertProblem(r, "unauthorized");
    }
    String verifyOnly =
        t.post("/v1/root-keys", "{\"name\":\"gw\",\"permissions\":[\"keys.verify\"]}")
            .json()
            .get("key")
            .asText();
    TestServer.Response r =
        t.call("GET", "/v1/keys", null, Map.of("Authorization", "Bearer " + verifyOnly));
    assertThat(r.status()).isEqualTo(403);
    assertProblem(r, "forbidden");
    assertThat(r.json().get("detail").asText()).contains("keys.read");
  }

  @Test
  void duplicateServiceName_is409_andExternalIdsAreUnique() {
    TestServer.Response dup = t.post("/v1/services", "{\"name\":\"payments\"}");
    assertThat(dup.status()).isEqualTo(409);
    assertThat(dup.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
    t.post("/v1/consumers", "{\"name\":\"a\",\"external_id\":\"x\"}");
    assertThat(t.post("/v1/consumers", "{\"name\":\"b\",\"external_id\":\"x\"}").status())
        .isEqualTo(409);
  }

  @Test
  void healthEndpoints_needNoKey() {
    assertThat(t.call("GET", "/healthz", null, Map.of()).json().get("status").asText())
        .isEqualTo("ok");
    assertThat(t.call("GET", "/readyz", null, Map.of()).json().get("status").asText())
        .isEqualTo("ready");
  }

  private int auditCount() {
    return t.get("/v1/audit-events?page_size=100").json().get("items").size();
  }

  private static void assertProblem(TestServer.Response r, String slug) {
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("type").asText()).isEqualTo("urn:latchkey:problem:" + slug);
    assertThat(p.get("status").asInt()).isEqualTo(r.status());
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText()).isNotBlank();
    assertThat(p.get("request_id").asText()).isEqualTo(r.header("X-Request-Id")).startsWith("req_");
  }
}
