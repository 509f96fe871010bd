package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.core.access.Permission;
import dev.latchkey.server.http.Route;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the route table with a root key holding every management permission but confined to service
 * B, aimed at the objects of service A: every route has a decided answer, and none reaches what
 * lies outside the scope. A new route fails this test until its scope behaviour is decided here.
 */
class ServiceScopeTest {
  @TempDir Path dir;
  TestServer t;
  String serviceA;
  String keyA;
  String secretA;
  String consumerId;
  String rootKeyId;
  String roleId;
  String confined;

  /**
   * What a confined root key gets on each route aimed at service A's objects: a status, and for a
   * list, that A's ids are absent. Workspace-wide objects (consumers, roles to read, root keys to
   * read, audit, events) answer as usual; docs/access-control.md says so.
   */
  static final Map<String, Integer> EXPECTED =
      Map.ofEntries(
          Map.entry("POST /v1/services", 403),
          Map.entry("GET /v1/services", 200),
          Map.entry("GET /v1/services/{id}", 404),
          Map.entry("PATCH /v1/services/{id}", 404),
          Map.entry("POST /v1/consumers", 201),
          Map.entry("GET /v1/consumers", 200),
          Map.entry("GET /v1/consumers/{id}", 200),
          Map.entry("PATCH /v1/consumers/{id}", 200),
          Map.entry("POST /v1/consumers/{id}:credits", 403),
          Map.entry("POST /v1/keys", 400),
          Map.entry("GET /v1/keys", 200),
          Map.entry("GET /v1/keys/{id}", 404),
          Map.entry("PATCH /v1/keys/{id}", 404),
          Map.entry("POST /v1/keys/{id}:rotate", 404),
          Map.entry("POST /v1/keys/{id}:revoke", 404),
          Map.entry("POST /v1/keys/{id}:credits", 404),
          Map.entry("GET /v1/keys/{id}/access-report", 404),
          Map.entry("GET /v1/keys/{id}/usage", 404),
          Map.entry("GET /v1/services/{id}/usage", 404),
          Map.entry("POST /v1/keys:verify", 200),
          // A's key is the client's key: not found for a gateway confined to B, and not charged.
          Map.entry("GET /v1/forward-auth", 401),
          Map.entry("POST /v1/forward-auth", 401),
          Map.entry("PUT /v1/forward-auth", 401),
          Map.entry("PATCH /v1/forward-auth", 401),
          Map.entry("DELETE /v1/forward-auth", 401),
          Map.entry("HEAD /v1/forward-auth", 401),
          Map.entry("OPTIONS /v1/forward-auth", 401),
          Map.entry("GET /v1/forward-auth/{path}", 401),
          Map.entry("POST /v1/forward-auth/{path}", 401),
          Map.entry("PUT /v1/forward-auth/{path}", 401),
          Map.entry("PATCH /v1/forward-auth/{path}", 401),
          Map.entry("DELETE /v1/forward-auth/{path}", 401),
          Map.entry("HEAD /v1/forward-auth/{path}", 401),
          Map.entry("OPTIONS /v1/forward-auth/{path}", 401),
          Map.entry("POST /v1/ratelimits:check", 403),
          // Alerts name keys and addresses of every service: not for a confined root key; nor are
          // webhook and rule writes; rules (no key named) may be read; ids of another kind are bad
          // requests
          Map.entry("GET /v1/alerts", 403),
          Map.entry("GET /v1/alerts/{id}", 403),
          Map.entry("POST /v1/alerts/{id}:acknowledge", 403),
          Map.entry("GET /v1/alert-rules", 200),
          Map.entry("PUT /v1/alert-rules/{rule}", 403),
          Map.entry("POST /v1/webhooks", 403),
          Map.entry("GET /v1/webhooks", 200),
          Map.entry("GET /v1/webhooks/{id}", 400),
          Map.entry("PATCH /v1/webhooks/{id}", 403),
          Map.entry("DELETE /v1/webhooks/{id}", 400),
          Map.entry("POST /v1/webhooks/{id}:rotate-secret", 403),
          Map.entry("GET /v1/webhooks/{id}/deliveries", 400),
          Map.entry("POST /v1/webhooks/{id}/deliveries/{delivery}:retry", 403),
          // A's key is unknown to a root key of B: nothing revoked, nothing of A named
          Map.entry("POST /v1/leaks:check", 200),
          Map.entry("POST /v1/leaks:revoke", 200),
          Map.entry("POST /v1/root-keys", 403),
          Map.entry("GET /v1/root-keys", 200),
          Map.entry("GET /v1/root-keys/{id}", 200),
          Map.entry("POST /v1/root-keys/{id}:revoke", 403),
          Map.entry("POST /v1/roles", 403),
          Map.entry("GET /v1/roles", 200),
          Map.entry("GET /v1/roles/{id}", 200),
          Map.entry("PATCH /v1/roles/{id}", 403),
          Map.entry("GET /v1/audit-events", 200),
          Map.entry("GET /v1/audit-events:verify", 200),
          Map.entry("GET /v1/audit-events:export", 200),
          Map.entry("GET /v1/events", 200),
          // A sink writes wherever its credentials reach: managed only by unconfined root keys;
          // read by any (settings are not secret, credentials never shown); ids of another kind
          // are bad requests
          Map.entry("POST /v1/sinks", 403),
          Map.entry("GET /v1/sinks", 200),
          Map.entry("GET /v1/sinks/{id}", 400),
          Map.entry("PATCH /v1/sinks/{id}", 403),
          Map.entry("DELETE /v1/sinks/{id}", 403),
          Map.entry("PUT /v1/services/{id}/rotation-policy", 404),
          Map.entry("GET /v1/services/{id}/rotation-policy", 404),
          Map.entry("DELETE /v1/services/{id}/rotation-policy", 404),
          Map.entry("PUT /v1/keys/{id}/rotation-policy", 404),
          Map.entry("GET /v1/keys/{id}/rotation-policy", 404),
          Map.entry("DELETE /v1/keys/{id}/rotation-policy", 404),
          Map.entry("POST /v1/keys/{id}/rotations", 404),
          Map.entry("GET /v1/keys/{id}/rotations", 404));

  static final String RATE_LIMIT_CHECK =
      "{\"namespace\":\"n\",\"identifier\":\"i\",\"limit\":5,\"period\":\"PT1M\"}";

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    serviceA = t.post("/v1/services", "{\"name\":\"a\"}").json().get("id").asText();
    String serviceB = t.post("/v1/services", "{\"name\":\"b\"}").json().get("id").asText();
    JsonNode issued =
        t.post("/v1/keys", "{\"service\":\"" + serviceA + "\",\"credits\":{\"remaining\":5}}")
            .json();
    keyA = issued.get("data").get("id").asText();
    secretA = issued.get("key").asText();
    consumerId =
        t.post("/v1/consumers", "{\"name\":\"c\",\"credits\":{\"remaining\":5}}")
            .json()
            .get("id")
            .asText();
    rootKeyId =
        t.post("/v1/root-keys", "{\"name\":\"x\",\"permissions\":[\"keys.read\"]}")
            .json()
            .get("data")
            .get("id")
            .asText();
    roleId = t.post("/v1/roles", "{\"name\":\"r\",\"permissions\":[]}").json().get("id").asText();
    String every =
        Arrays.stream(Permission.values())
            .filter(p -> p != Permission.ALL)
            .map(p -> "\"" + p.wireName() + "\"")
            .collect(Collectors.joining(","));
    TestServer.Response r =
        t.post(
            "/v1/root-keys",
            "{\"name\":\"confined\",\"permissions\":["
                + every
                + "],\"services\":[\""
                + serviceB
                + "\"],\"key_permissions\":[\"*\"]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    confined = r.json().get("key").asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private String path(Route route) {
    String template = route.template();
    String id =
        template.startsWith("/v1/services")
            ? serviceA
            : template.startsWith("/v1/consumers")
                ? consumerId
                : template.startsWith("/v1/root-keys")
                    ? rootKeyId
                    : template.startsWith("/v1/roles") ? roleId : keyA;
    return template
        .replace("{id}", id)
        .replace("{path}", "api/orders")
        .replace("{rule}", "secret_leaked")
        .replace("{delivery}", keyA);
  }

  private String body(Route route) {
    return switch (route.method() + " " + route.template()) {
      case "POST /v1/services", "POST /v1/consumers" -> "{\"name\":\"n\"}";
      case "POST /v1/roles" -> "{\"name\":\"n\",\"permissions\":[]}";
      case "POST /v1/keys" -> "{\"service\":\"" + serviceA + "\"}";
      case "POST /v1/keys:verify" -> "{\"key\":\"" + secretA + "\"}";
      case "POST /v1/ratelimits:check" -> RATE_LIMIT_CHECK;
      case "PUT /v1/alert-rules/{rule}" -> "{\"action\":\"none\"}";
      case "POST /v1/sinks" -> "{\"name\":\"n\",\"type\":\"memory\"}";
      case "PATCH /v1/sinks/{id}" -> "{\"name\":\"m\"}";
      case "PUT /v1/services/{id}/rotation-policy", "PUT /v1/keys/{id}/rotation-policy" ->
          "{\"max_age\":\"P90D\"}";
      case "POST /v1/webhooks" -> "{\"url\":\"https://hooks.example.com/latchkey\"}";
      case "PATCH /v1/webhooks/{id}" -> "{\"description\":\"m\"}";
      case "POST /v1/leaks:check", "POST /v1/leaks:revoke" ->
          "{\"digests\":[\"" + dev.latchkey.client.LeaksApi.digestOf(secretA) + "\"]}";
      case "POST /v1/keys/{id}:credits", "POST /v1/consumers/{id}:credits" -> "{\"add\":1}";
      case "POST /v1/root-keys" -> "{\"name\":\"n\",\"permissions\":[\"keys.read\"]}";
      case "PATCH /v1/services/{id}",
          "PATCH /v1/consumers/{id}",
          "PATCH /v1/keys/{id}",
          "PATCH /v1/roles/{id}" ->
          "{\"name\":\"m\"}";
      default -> route.method().equals("POST") ? "{}" : null;
    };
  }

  @Test
  void everyGuardedRoute_keepsAConfinedRootKeyInsideItsServices() {
    for (Route route : t.server().routes()) {
      if (route.permission().isEmpty()) {
        continue;
      }
      String label = route.method() + " " + route.template();
      assertThat(EXPECTED).as("a decided scope answer for " + label).containsKey(label);
      Map<String, String> headers = new java.util.HashMap<>(route.credential(confined));
      if (!route.credentialHeader().equals("Authorization")) {
        headers.put("X-Api-Key", secretA);
      }
      TestServer.Response r = t.call(route.method(), path(route), body(route), headers);
      assertThat(r.status()).as(label + ": " + r.body()).isEqualTo(EXPECTED.get(label));
      if (r.status() < 300 && !label.startsWith("GET /v1/audit-events")) {
        // Answers hold nothing of A (a 404 echoes the id it was asked for; the audit log is
        // workspace-wide by design and names A's creation).
        assertThat(r.body()).as(label).doesNotContain(keyA).doesNotContain(serviceA);
      }
    }
    assertThat(
            t.call(
                    "POST",
                    "/v1/keys:verify",
                    "{\"key\":\"" + secretA + "\"}",
                    Map.of("Authorization", "Bearer " + confined))
                .json()
                .get("code")
                .asText())
        .isEqualTo("NOT_FOUND");
    // Nothing of A changed.
    JsonNode key = t.get("/v1/keys/" + keyA).json();
    assertThat(key.get("name")).isNull();
    assertThat(key.get("state").asText()).isEqualTo("ACTIVE");
    assertThat(key.get("credits").get("remaining").asLong()).isEqualTo(5);
    assertThat(t.get("/v1/services/" + serviceA).json().get("name").asText()).isEqualTo("a");
  }
}
