package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.access.Permission;
import dev.latchkey.server.http.Route;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the route table: every guarded route refuses a root key holding every permission but its
 * own (403), admits one holding only its own (never 401/403), and refuses no key at all (401).
 */
class AuthorizationTest {
  @TempDir Path dir;
  TestServer t;
  String keyId;
  String creditKeyId;
  String serviceId;
  String consumerId;
  String rootKeyId;
  String roleId;
  String clientKey;
  String alertId;
  String webhookId;
  String deletableWebhookId;
  String deliveryId;
  String sinkId;
  String deletableSinkId;
  String rotatingKeyId;

  @BeforeEach
  void start() {
    // One attempt: the delivery below is dead at once, so that it can be retried.
    t = new TestServer(dir, c -> c.withWebhooks(c.webhooks().withMaxAttempts(1)));
    serviceId = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    consumerId =
        t.post("/v1/consumers", "{\"name\":\"c\",\"credits\":{\"remaining\":5}}")
            .json()
            .get("id")
            .asText();
    keyId =
        t.post("/v1/keys", "{\"service\":\"" + serviceId + "\",\"credits\":{\"remaining\":5}}")
            .json()
            .get("data")
            .get("id")
            .asText();
    creditKeyId =
        t.post("/v1/keys", "{\"service\":\"" + serviceId + "\",\"credits\":{\"remaining\":5}}")
            .json()
            .get("data")
            .get("id")
            .asText();
    rootKeyId =
        t.post("/v1/root-keys", "{\"name\":\"x\",\"permissions\":[\"keys.read\"]}")
            .json()
            .get("data")
            .get("id")
            .asText();
    roleId = t.post("/v1/roles", "{\"name\":\"r\",\"permissions\":[]}").json().get("id").asText();
    clientKey =
        t.post("/v1/keys", "{\"service\":\"" + serviceId + "\"}").json().get("key").asText();
    webhookId = webhook();
    deletableWebhookId = webhook();
    sinkId = sink();
    deletableSinkId = sink();
    // Its own key: the walk revokes keyId before it reaches the rotation routes.
    rotatingKeyId =
        t.post("/v1/keys", "{\"service\":\"" + serviceId + "\"}")
            .json()
            .get("data")
            .get("id")
            .asText();
    String ws =
        ((dev.latchkey.core.verify.Authentication.Authenticated)
                t.server().verifier().authenticate(t.rootKey))
            .principal()
            .workspaceId();
    alertId =
        t.server()
            .alerts()
            .raiseNow(
                new dev.latchkey.core.store.AlertSignal(
                    ws,
                    "secret_leaked",
                    "critical",
                    "key",
                    keyId,
                    "d",
                    Map.of(),
                    t.clock.instant()))
            .id();
    t.server().dispatcher().runOnce(); // port 9 refuses: dead after its one attempt
    deliveryId =
        t.get("/v1/webhooks/" + webhookId + "/deliveries?status=dead")
            .json()
            .get("items")
            .get(0)
            .get("id")
            .asText();
  }

  private String webhook() {
    return t.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/hook\"}")
        .json()
        .get("data")
        .get("id")
        .asText();
  }

  private String sink() {
    return t.post("/v1/sinks", "{\"name\":\"s" + System.nanoTime() + "\",\"type\":\"memory\"}")
        .json()
        .get("id")
        .asText();
  }

  /** The root key where {@code route} takes it, and on the gateway routes a client's key. */
  private Map<String, String> as(Route route, String rootKey) {
    Map<String, String> headers = new java.util.HashMap<>(route.credential(rootKey));
    if (!route.credentialHeader().equals("Authorization")) {
      headers.put("X-Api-Key", clientKey);
    }
    return headers;
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private String rootKeyWith(List<Permission> permissions) {
    String names =
        permissions.stream().map(p -> "\"" + p.wireName() + "\"").collect(Collectors.joining(","));
    TestServer.Response r =
        t.post("/v1/root-keys", "{\"name\":\"probe\",\"permissions\":[" + names + "]}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get("key").asText();
  }

  private String path(Route route) {
    if (route.template().equals("/v1/keys/{id}:credits")) {
      // Another key than keyId, which the walk may have revoked by now (a revoked key's credits
      // cannot change).
      return route.template().replace("{id}", creditKeyId);
    }
    if (route.template().startsWith("/v1/alert-rules")) {
      return route.template().replace("{rule}", "secret_leaked");
    }
    if (route.template().startsWith("/v1/alerts")) {
      return route.template().replace("{id}", alertId);
    }
    if (route.template().startsWith("/v1/sinks")) {
      return route
          .template()
          .replace("{id}", route.method().equals("DELETE") ? deletableSinkId : sinkId);
    }
    if (route.template().startsWith("/v1/keys/{id}/rotation")) {
      return route.template().replace("{id}", rotatingKeyId);
    }
    if (route.template().startsWith("/v1/webhooks")) {
      return route
          .template()
          .replace("{id}", route.method().equals("DELETE") ? deletableWebhookId : webhookId)
          .replace("{delivery}", deliveryId);
    }
    String id =
        route.template().startsWith("/v1/services")
            ? serviceId
            : route.template().startsWith("/v1/consumers")
                ? consumerId
                : route.template().startsWith("/v1/root-keys")
                    ? rootKeyId
                    : route.template().startsWith("/v1/roles") ? roleId : keyId;
    return route.template().replace("{id}", id).replace("{path}", "api/orders");
  }

  private String body(Route route) {
    return switch (route.method() + " " + route.template()) {
      case "POST /v1/services" -> "{\"name\":\"n" + System.nanoTime() + "\"}";
      case "POST /v1/consumers" -> "{\"name\":\"n\"}";
      case "POST /v1/keys" -> "{\"service\":\"" + serviceId + "\"}";
      case "POST /v1/keys:verify" -> "{\"key\":\"x\"}";
      case "POST /v1/ratelimits:check" -> ServiceScopeTest.RATE_LIMIT_CHECK;
      case "POST /v1/leaks:check", "POST /v1/leaks:revoke" ->
          "{\"digests\":[\"" + "ab".repeat(32) + "\"]}";
      case "POST /v1/keys/{id}:credits", "POST /v1/consumers/{id}:credits" -> "{\"add\":1}";
      case "POST /v1/root-keys" -> "{\"name\":\"n\",\"permissions\":[\"keys.read\"]}";
      case "POST /v1/roles" -> "{\"name\":\"n" + System.nanoTime() + "\",\"permissions\":[]}";
      case "POST /v1/webhooks" -> "{\"url\":\"http://127.0.0.1:9/other\"}";
      case "PUT /v1/alert-rules/{rule}" -> "{\"action\":\"none\"}";
      case "POST /v1/sinks" -> "{\"name\":\"n" + System.nanoTime() + "\",\"type\":\"memory\"}";
      case "PATCH /v1/sinks/{id}" -> "{\"settings\":{\"label\":\"m\"}}";
      case "PUT /v1/services/{id}/rotation-policy", "PUT /v1/keys/{id}/rotation-policy" ->
          "{\"max_age\":\"P90D\"}";
      case "POST /v1/keys/{id}/rotations" -> "{\"sink\":\"" + sinkId + "\"}";
      case "PATCH /v1/webhooks/{id}" -> "{\"description\":\"m\"}";
      case "PATCH /v1/services/{id}",
          "PATCH /v1/consumers/{id}",
          "PATCH /v1/keys/{id}",
          "PATCH /v1/roles/{id}" ->
          "{\"name\":\"m\"}";
      default -> route.method().equals("POST") ? "{}" : null;
    };
  }

  @Test
  void everyGuardedRoute_needsExactlyItsPermission() {
    List<Route> guarded =
        t.server().routes().stream().filter(r -> r.permission().isPresent()).toList();
    assertThat(guarded).hasSizeGreaterThanOrEqualTo(20);
    for (Route route : guarded) {
      Permission needed = route.permission().get();
      List<Permission> allButNeeded =
          Arrays.stream(Permission.values())
              .filter(p -> p != needed && p != Permission.ALL)
              .toList();
      String without = rootKeyWith(allButNeeded);
      String only =
          rootKeyWith(
              needed == Permission.ROOT_KEYS_WRITE
                  ? List.of(needed, Permission.KEYS_READ)
                  : List.of(needed));
      String label = route.method() + " " + route.template();

      TestServer.Response denied =
          t.call(route.method(), path(route), body(route), as(route, without));
      assertThat(denied.status()).as(label + " without " + needed).isEqualTo(403);

      TestServer.Response anonymous = t.call(route.method(), path(route), body(route), Map.of());
      assertThat(anonymous.status()).as(label + " anonymous").isEqualTo(401);

      TestServer.Response allowed =
          t.call(route.method(), path(route), body(route), as(route, only));
      assertThat(allowed.status())
          .as(label + " with only " + needed + ": " + allowed.body())
          .isBetween(200, 299);
    }
  }

  @Test
  void openRoutes_needNoKey() {
    for (Route route : t.server().routes()) {
      // A one-time link's path holds its token, the credential: OneTimeLinkTest covers it.
      if (route.permission().isEmpty() && !route.signed() && !route.template().contains("{")) {
        assertThat(t.call(route.method(), route.template(), null, Map.of()).status())
            .as(route.template())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void rootKeys_cannotGrantWhatTheyLack_norTheWildcard() {
    String narrow = rootKeyWith(List.of(Permission.ROOT_KEYS_WRITE, Permission.KEYS_READ));
    Map<String, String> h = Map.of("Authorization", "Bearer " + narrow);
    assertThat(
            t.call("POST", "/v1/root-keys", "{\"name\":\"a\",\"permissions\":[\"keys.read\"]}", h)
                .status())
        .isEqualTo(201);
    assertThat(
            t.call("POST", "/v1/root-keys", "{\"name\":\"b\",\"permissions\":[\"keys.create\"]}", h)
                .status())
        .isEqualTo(403);
    assertThat(
            t.call("POST", "/v1/root-keys", "{\"name\":\"c\",\"permissions\":[\"*\"]}", h).status())
        .isEqualTo(403);
    assertThat(
            t.call(
                    "POST",
                    "/v1/root-keys",
                    "{\"name\":\"d\",\"permissions\":[\"keys.read\",\"audit.read\"]}",
                    h)
                .status())
        .isEqualTo(403);
  }

  @Test
  void revokedRootKey_isRefusedAtOnce() {
    TestServer.Response created =
        t.post("/v1/root-keys", "{\"name\":\"tmp\",\"permissions\":[\"keys.read\"]}");
    String key = created.json().get("key").asText();
    String id = created.json().get("data").get("id").asText();
    Map<String, String> h = Map.of("Authorization", "Bearer " + key);
    assertThat(t.call("GET", "/v1/keys", null, h).status()).isEqualTo(200);
    assertThat(
            t.post("/v1/root-keys/" + id + ":revoke", "{\"reason\":\"rotation\"}")
                .json()
                .get("revoked_at"))
        .isNotNull();
    assertThat(t.call("GET", "/v1/keys", null, h).status()).isEqualTo(401);
  }
}
