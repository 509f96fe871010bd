package dev.latchkey.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every error status a client can provoke is one its operation documents (or the server-wide 405),
 * and its problem body, media type and headers match the document.
 */
class LiveErrorsMatchDocumentTest {
  private static final String NO_SERVICE = "/v1/services/svc_AAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String NO_CONSUMER = "/v1/consumers/con_AAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String NO_KEY = "/v1/keys/key_AAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String NO_ROOT_KEY = "/v1/root-keys/rk_AAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String NO_ROLE = "/v1/roles/role_AAAAAAAAAAAAAAAAAAAAAAAA";

  @TempDir Path dir;
  TestServer t;
  ContractClient api;
  String serviceId;
  String keyId;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    api = new ContractClient(t);
    serviceId =
        api.expect(201, api.post("/v1/services", "{\"name\":\"payments\"}")).get("id").asText();
    keyId =
        api.expect(201, api.post("/v1/keys", "{\"service\":\"" + serviceId + "\"}"))
            .get("data")
            .get("id")
            .asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void badInput_is400() {
    status(400, api.post("/v1/services", "{}"));
    status(400, api.post("/v1/services", "{\"name\":\"a\",\"colour\":\"red\"}"));
    status(400, api.get("/v1/services?page_size=0"));
    status(400, api.get("/v1/services/nope"));
    status(400, api.patch("/v1/services/" + serviceId, "{\"prefix\":\"Bad_Prefix\"}"));
    status(400, api.post("/v1/consumers", "{\"name\":\"c\",\"meta\":[1]}"));
    status(400, api.get("/v1/consumers?page_size=101"));
    status(400, api.get("/v1/consumers/nope"));
    status(400, api.patch("/v1/consumers/nope", "{}"));
    status(400, api.post("/v1/keys", "{\"service\":\"svc_AAAAAAAAAAAAAAAAAAAAAAAA\"}"));
    status(400, api.get("/v1/keys?state=LOST"));
    status(400, api.get("/v1/keys?expiring_within=P400D"));
    status(400, api.get("/v1/keys/nope"));
    status(400, api.get("/v1/keys/" + keyId + "/access-report?days=91"));
    status(400, api.get("/v1/keys/" + keyId + "/usage?granularity=week"));
    status(400, api.get("/v1/services/nope/usage"));
    status(400, api.patch("/v1/keys/" + keyId, "{\"meta\":\"text\"}"));
    status(400, api.post("/v1/keys/" + keyId + ":rotate", "{\"grace_period\":\"P31D\"}"));
    status(400, api.post("/v1/keys/" + keyId + ":revoke", "{\"reason\":\"\"}"));
    status(400, api.post("/v1/keys:verify", "{}"));
    status(400, api.post("/v1/root-keys", "{\"name\":\"r\",\"permissions\":[]}"));
    status(400, api.get("/v1/root-keys?page_token=garbage"));
    status(400, api.get("/v1/root-keys/nope"));
    status(400, api.post("/v1/root-keys/nope:revoke", null));
    status(400, api.post("/v1/roles", "{\"name\":\"r\",\"permissions\":[\"orders\"]}"));
    status(400, api.get("/v1/roles?page_size=0"));
    status(400, api.post("/v1/roles", "{\"name\":\"r\",\"permissions\":[],\"condition\":\"1 +\"}"));
    status(400, api.get("/v1/roles/nope"));
    status(400, api.patch(NO_ROLE, "{\"permissions\":[\"a:b\",\"a:b\"]}"));
    status(400, api.get("/v1/audit-events?page_size=ten"));
    assertExercisedAndValid(400);
  }

  @Test
  void missingOrUnknownRootKey_is401_lackingPermission_is403() {
    Map<String, String> none = Map.of();
    for (var route : t.server().routes()) {
      if (route.permission().isPresent()) {
        String path =
            route
                .template()
                .replace("{id}", keyId)
                .replace("{path}", "api/orders")
                .replace("{rule}", "secret_leaked")
                .replace("{delivery}", keyId);
        status(401, api.call(route.method(), path, null, none));
        status(401, api.call(route.method(), path, null, Map.of("Authorization", "Bearer nope")));
      }
    }
    String verifyOnly =
        api.expect(
                201,
                api.post("/v1/root-keys", "{\"name\":\"gw\",\"permissions\":[\"keys.verify\"]}"))
            .get("key")
            .asText();
    for (var route : t.server().routes()) {
      if (route.permission().isPresent()
          && !route.template().equals("/v1/keys:verify")
          && route.credentialHeader().equals("Authorization")) {
        status(
            403,
            api.as(
                verifyOnly,
                route.method(),
                route
                    .template()
                    .replace("{id}", keyId)
                    .replace("{rule}", "secret_leaked")
                    .replace("{delivery}", keyId),
                null));
      }
    }
    String granter =
        api.expect(
                201,
                api.post(
                    "/v1/root-keys", "{\"name\":\"hr\",\"permissions\":[\"root_keys.write\"]}"))
            .get("key")
            .asText();
    status(
        403, api.as(granter, "POST", "/v1/root-keys", "{\"name\":\"x\",\"permissions\":[\"*\"]}"));
    String roleWriter =
        api.expect(
                201,
                api.post("/v1/root-keys", "{\"name\":\"iam\",\"permissions\":[\"roles.write\"]}"))
            .get("key")
            .asText();
    status(
        403, api.as(roleWriter, "POST", "/v1/roles", "{\"name\":\"x\",\"permissions\":[\"*\"]}"));
    String expiring =
        api.expect(
                201,
                api.post(
                    "/v1/root-keys",
                    "{\"name\":\"temp\",\"permissions\":[\"*\"],\"expires_at\":\"%s\"}"
                        .formatted(t.clock.instant().plus(Duration.ofHours(1)))))
            .get("key")
            .asText();
    api.expect(200, api.as(expiring, "GET", "/v1/services", null));
    t.clock.advance(Duration.ofHours(2));
    status(401, api.as(expiring, "GET", "/v1/services", null));
    assertExercisedAndValid(401);
    assertExercisedAndValid(403);
  }

  @Test
  void unknownIds_are404_unknownPaths404_wrongMethods405() {
    status(404, api.get(NO_SERVICE));
    status(404, api.patch(NO_SERVICE, "{\"name\":\"x\"}"));
    status(404, api.get(NO_CONSUMER));
    status(404, api.patch(NO_CONSUMER, "{\"name\":\"x\"}"));
    status(404, api.get(NO_KEY));
    status(404, api.get(NO_KEY + "/access-report"));
    status(404, api.get(NO_KEY + "/usage"));
    status(404, api.get(NO_SERVICE + "/usage"));
    status(404, api.patch(NO_KEY, "{\"name\":\"x\"}"));
    status(404, api.post(NO_KEY + ":rotate", null));
    status(404, api.post(NO_KEY + ":revoke", null));
    status(404, api.get(NO_ROOT_KEY));
    status(404, api.post(NO_ROOT_KEY + ":revoke", null));
    status(404, api.get(NO_ROLE));
    status(404, api.patch(NO_ROLE, "{\"name\":\"x\"}"));
    status(404, api.get("/v1/nothing"));
    status(404, api.post("/v1/keys/" + keyId + ":explode", null));
    status(404, api.get("/v1/services/"));
    assertExercisedAndValid(404);
    assertThat(api.exercised()).contains("404 unmatched path");

    status(405, api.call("DELETE", "/v1/keys/" + keyId, null));
    status(405, api.call("GET", "/v1/keys:verify", null));
    status(405, api.call("PUT", "/v1/services", "{}"));
    status(405, api.call("POST", "/healthz", "{}"));
    status(405, api.call("OPTIONS", "/v1/keys", null));
    status(405, api.call("GET", "/v1/keys/" + keyId + "%3Arotate", null));
    status(405, api.call("DELETE", "/v1/root-keys/" + NO_ROOT_KEY.substring(14) + ":revoke", null));
    assertThat(api.exercised()).contains("405 MethodNotAllowed");
    assertThat(api.violations()).isEmpty();
  }

  @Test
  void conflicts_are409() {
    status(409, api.post("/v1/services", "{\"name\":\"payments\"}"));
    api.expect(201, api.post("/v1/services", "{\"name\":\"billing\"}"));
    status(409, api.patch("/v1/services/" + serviceId, "{\"name\":\"billing\"}"));
    api.expect(201, api.post("/v1/consumers", "{\"name\":\"a\",\"external_id\":\"x\"}"));
    status(409, api.post("/v1/consumers", "{\"name\":\"b\",\"external_id\":\"x\"}"));
    String b = api.expect(201, api.post("/v1/consumers", "{\"name\":\"b\"}")).get("id").asText();
    status(409, api.patch("/v1/consumers/" + b, "{\"external_id\":\"x\"}"));
    api.expect(200, api.post("/v1/keys/" + keyId + ":revoke", null));
    status(409, api.patch("/v1/keys/" + keyId, "{\"enabled\":true}"));
    status(409, api.post("/v1/keys/" + keyId + ":rotate", null));
    api.expect(201, api.post("/v1/roles", "{\"name\":\"reader\",\"permissions\":[]}"));
    status(409, api.post("/v1/roles", "{\"name\":\"reader\",\"permissions\":[]}"));
    String writer =
        api.expect(201, api.post("/v1/roles", "{\"name\":\"writer\",\"permissions\":[]}"))
            .get("id")
            .asText();
    status(409, api.patch("/v1/roles/" + writer, "{\"name\":\"reader\"}"));
    assertExercisedAndValid(409);
  }

  @Test
  void oversizeBodies_are413_otherMediaTypes_415_reusedIdempotencyKeys_422() {
    String big = "{\"name\":\"" + "x".repeat(70_000) + "\"}";
    status(413, api.post("/v1/services", big));
    status(413, api.patch("/v1/keys/" + keyId, big));
    status(413, api.post("/v1/keys:verify", big));
    Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
    status(415, api.with(form, "POST", "/v1/services", "name=a"));
    status(415, api.with(form, "PATCH", "/v1/keys/" + keyId, "name=a"));
    status(415, api.with(form, "POST", "/v1/keys/" + keyId + ":rotate", "grace_period=PT0S"));
    Map<String, String> once = Map.of("Idempotency-Key", "retry-1");
    api.expect(201, api.with(once, "POST", "/v1/consumers", "{\"name\":\"a\"}"));
    status(422, api.with(once, "POST", "/v1/consumers", "{\"name\":\"b\"}"));
    status(422, api.with(once, "POST", "/v1/services", "{\"name\":\"b\"}"));
    assertExercisedAndValid(413);
    assertExercisedAndValid(415);
    assertExercisedAndValid(422);
  }

  @Test
  void idempotencyKeys_areAcceptedExactlyWhenTheDocumentedSchemaAcceptsThem() {
    String schema = "#/components/parameters/IdempotencyKey/schema";
    List<String> candidates =
        List.of(
            "a",
            "5f0c2a0e-8b1d-4d55-9a57-3c2f3b7c1e42",
            "~!{}",
            "k".repeat(255),
            "k".repeat(256),
            "a b",
            "a\tb");
    for (String candidate : candidates) {
      TestServer.Response r =
          api.with(
              Map.of("Idempotency-Key", candidate),
              "POST",
              "/v1/consumers",
              "{\"name\":\"c" + candidate.length() + candidate.hashCode() + "\"}");
      assertThat(r.status())
          .as("Idempotency-Key [%s]", candidate)
          .isEqualTo(api.documentAccepts(schema, candidate) ? 201 : 400);
    }
    assertExercisedAndValid(400);
  }

  private static void status(int expected, TestServer.Response r) {
    assertThat(r.status()).as(ResponseContract.redacted(r.body())).isEqualTo(expected);
  }

  @Test
  void forwardAuthDenials_matchTheDocument() {
    String service =
        api.expect(201, api.post("/v1/services", "{\"name\":\"gw\"}")).get("id").asText();
    String limited =
        api.expect(
                201,
                api.post(
                    "/v1/keys",
                    "{\"service\":\""
                        + service
                        + "\",\"limits\":[{\"name\":\"burst\",\"limit\":1,\"period\":\"PT1M\"}]}"))
            .get("key")
            .asText();
    Map<String, String> gateway = Map.of("X-Latchkey-Root-Key", t.rootKey);
    Map<String, String> client = new java.util.HashMap<>(gateway);
    client.put("X-Api-Key", limited);
    status(401, api.call("GET", "/v1/forward-auth", null, gateway));
    status(401, api.call("GET", "/v1/forward-auth", null, Map.of("X-Api-Key", limited)));
    status(400, api.call("GET", "/v1/forward-auth?cost=x", null, client));
    Map<String, String> needs = new java.util.HashMap<>(client);
    needs.put("X-Latchkey-Permissions", "orders:write");
    status(403, api.call("POST", "/v1/forward-auth/api/orders", null, needs));
    status(200, api.call("GET", "/v1/forward-auth/api", null, client));
    status(429, api.call("POST", "/v1/forward-auth", null, client));
    assertExercisedAndValid(429);
  }

  /** Responses with {@code status} were exercised, each documented, and nothing mismatched. */
  private void assertExercisedAndValid(int status) {
    assertThat(api.exercised()).anyMatch(label -> label.endsWith(" " + status));
    assertThat(api.violations()).isEmpty();
  }
}
