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
  String consumerId;

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
    consumerId =
        t.post("/v1/consumers", "{\"name\":\"c\",\"credits\":{\"remaining\":5}}")
            .json()
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

  /** Limits and credits: each bad value names its path. */
  static Stream<Arguments> badLimits() {
    String limit = "{\"name\":\"a\",\"limit\":1,\"period\":\"PT1S\"}";
    String seventeen = String.join(",", java.util.Collections.nCopies(17, limit));
    return Stream.of(
        Arguments.of("POST", "/v1/keys", key("\"limits\":{}"), "limits"),
        Arguments.of(
            "POST", "/v1/keys:verify", "{\"key\":\"k\",\"limits\":[\"Requests\"]}", "limits[0]"),
        Arguments.of("POST", "/v1/keys:verify", "{\"key\":\"k\",\"cost\":-1}", "cost"),
        Arguments.of("POST", "/v1/keys:verify", "{\"key\":\"k\",\"cost\":1000000001}", "cost"),
        Arguments.of("POST", "/v1/keys", key("\"limits\":[null]"), "limits[0]"),
        Arguments.of("POST", "/v1/keys", key(limits("Requests", "1", "PT1S")), "limits[0].name"),
        Arguments.of("POST", "/v1/keys", key(limits("a b", "1", "PT1S")), "limits[0].name"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "0", "PT1S")), "limits[0].limit"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "1000000001", "PT1S")), "limits[0].limit"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "\"5\"", "PT1S")), "limits[0].limit"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "1", "1s")), "limits[0].period"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "1", "PT0.5S")), "limits[0].period"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "1", "P2D")), "limits[0].period"),
        Arguments.of("POST", "/v1/keys", key(limits("a", "1", "PT0S")), "limits[0].period"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key("\"limits\":[" + limit + ",{\"name\":\"b\",\"limit\":1}]"),
            "limits[1].period"),
        Arguments.of(
            "POST", "/v1/keys", key("\"limits\":[" + limit + "," + limit + "]"), "limits[1].name"),
        Arguments.of("POST", "/v1/keys", key("\"limits\":[" + seventeen + "]"), "limits"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key("\"limits\":[{\"name\":\"a\",\"limit\":1,\"period\":\"PT1S\",\"burst\":2}]"),
            "limits[0].burst"),
        Arguments.of("POST", "/v1/keys", key("\"credits\":{}"), "credits.remaining"),
        Arguments.of("POST", "/v1/keys", key(credits("-1", null)), "credits.remaining"),
        Arguments.of(
            "POST", "/v1/keys", key(credits("1000000000000001", null)), "credits.remaining"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":5,\"interval\":\"P1D\",\"day_of_month\":1}")),
            "credits.refill"),
        Arguments.of("POST", "/v1/keys", key(credits("5", "{\"amount\":5}")), "credits.refill"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"interval\":\"P1D\"}")),
            "credits.refill.amount"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":0,\"interval\":\"P1D\"}")),
            "credits.refill.amount"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":5,\"interval\":\"PT30S\"}")),
            "credits.refill.interval"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":5,\"interval\":\"PT90S\"}")),
            "credits.refill.interval"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":5,\"interval\":\"P32D\"}")),
            "credits.refill.interval"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":5,\"interval\":\"monthly\"}")),
            "credits.refill.interval"),
        Arguments.of(
            "POST",
            "/v1/keys",
            key(credits("5", "{\"amount\":5,\"day_of_month\":32}")),
            "credits.refill.day_of_month"),
        Arguments.of("PATCH", "/v1/keys/KEY", "{\"limits\":null}", "limits"),
        Arguments.of("PATCH", "/v1/keys/KEY", "{\"credits\":{}}", "credits.remaining"),
        Arguments.of(
            "PATCH",
            "/v1/keys/KEY",
            "{" + limits("a", "1", "PT1S") + ",\"credits\":{\"remaining\":-5}}",
            "credits.remaining"),
        Arguments.of(
            "POST",
            "/v1/consumers",
            "{\"name\":\"c\"," + limits("x", "5", "P1W") + "}",
            "limits[0].period"),
        Arguments.of(
            "POST",
            "/v1/consumers",
            "{\"name\":\"c\",\"credits\":{\"refill\":{\"amount\":5,\"interval\":\"P1D\"}}}",
            "credits.remaining"),
        Arguments.of(
            "PATCH", "/v1/consumers/CON", "{\"credits\":{\"remaining\":-1}}", "credits.remaining"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{}", "set"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "", "body"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"set\":1,\"add\":1}", "set"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"set\":-1}", "set"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"set\":\"5\"}", "set"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"add\":1000000000000001}", "add"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"add\":-1000000000000001}", "add"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"add\":-9223372036854775808}", "add"),
        Arguments.of("POST", "/v1/keys/KEY:credits", "{\"add\":1.5}", "add"),
        Arguments.of("POST", "/v1/consumers/CON:credits", "{\"set\":1,\"add\":2}", "set"),
        Arguments.of("POST", "/v1/consumers/CON:credits", "{\"sets\":1}", "sets"));
  }

  private static String key(String fields) {
    return "{\"service\":\"SVC\"," + fields + "}";
  }

  private static String limits(String name, String limit, String period) {
    return "\"limits\":[{\"name\":\"%s\",\"limit\":%s,\"period\":\"%s\"}]"
        .formatted(name, limit, period);
  }

  private static String credits(String remaining, String refill) {
    return "\"credits\":{\"remaining\":"
        + remaining
        + (refill == null ? "" : ",\"refill\":" + refill)
        + "}";
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("badLimits")
  void badLimitsOrCredits_are400NamingThePath_andChangeNothing(
      String method, String path, String body, String field) {
    String keyBefore = t.get("/v1/keys/" + keyId).body();
    String consumerBefore = t.get("/v1/consumers/" + consumerId).body();

    badBody_is400NamingTheField_andChangesNothing(method, path, body, field);

    assertThat(t.get("/v1/keys/" + keyId).body()).isEqualTo(keyBefore);
    assertThat(t.get("/v1/consumers/" + consumerId).body()).isEqualTo(consumerBefore);
  }

  @ParameterizedTest(name = "{0} {1} {3}")
  @MethodSource("badBodies")
  void badBody_is400NamingTheField_andChangesNothing(
      String method, String path, String body, String field) {
    int eventsBefore = auditCount();
    TestServer.Response r =
        t.call(
            method,
            path.replace("KEY", keyId).replace("CON", consumerId),
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

  /** Events of mutations; a refused call adds only its own {@code request.invalid} event. */
  private int auditCount() {
    int count = 0;
    for (JsonNode e : t.get("/v1/audit-events?page_size=100").json().get("items")) {
      count += e.get("action").asText().startsWith("request.") ? 0 : 1;
    }
    return count;
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
