package dev.latchkey.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.gateway.RecordingUpstream.Received;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test body for every gateway: a real Latchkey, a recording upstream and the gateway started
 * from its config in {@code deploy/}, requests sent by a client to the gateway. Subclasses start
 * their gateway from the rendered placeholders.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayContract {
  /** The permission query the gateway's route requires. */
  static final String ROUTE_PERMISSIONS = "orders:read";

  private TestServer latchkey;
  private RecordingUpstream upstream;
  private GatewayProcess gateway;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int gatewayPort;
  private String service;
  private String consumer;
  private String gatewayKey;

  /**
   * Starts the gateway with {@code placeholders} filled in, in the private directory {@code home}.
   */
  abstract GatewayProcess startGateway(Map<String, String> placeholders, Path home, int port);

  /**
   * Whether the gateway asks Latchkey's forward-auth listener ({@code --forward-auth-port}) rather
   * than the API's port; the gateways' tests between them cover both.
   */
  abstract boolean viaForwardAuthListener();

  @BeforeAll
  void start(@TempDir Path dir) {
    latchkey =
        viaForwardAuthListener()
            ? new TestServer(
                dir.resolve("latchkey"), c -> c.withForwardAuth(c.forwardAuth().withPort(0)))
            : new TestServer(dir.resolve("latchkey"));
    latchkey.clock.set(Instant.parse("2031-03-01T10:00:10Z"));
    service = created("/v1/services", "{\"name\":\"orders\",\"prefix\":\"ord\"}", "id");
    consumer = created("/v1/consumers", "{\"name\":\"shop\"}", "id");
    gatewayKey =
        created(
            "/v1/root-keys",
            "{\"name\":\"gateway\",\"permissions\":[\"keys.verify\"],\"services\":[\""
                + service
                + "\"]}",
            "key");
    upstream = new RecordingUpstream();
    gatewayPort = GatewayProcess.freePort();
    Map<String, String> placeholders =
        Map.of(
            "GATEWAY_PORT",
            Integer.toString(gatewayPort),
            "LATCHKEY_PORT",
            Integer.toString(
                viaForwardAuthListener()
                    ? latchkey.forwardAuthUri().getPort()
                    : latchkey.uri().getPort()),
            "UPSTREAM_PORT",
            Integer.toString(upstream.port()),
            "ROOT_KEY",
            gatewayKey,
            "SERVICE",
            service,
            "PERMISSIONS",
            ROUTE_PERMISSIONS);
    gateway = startGateway(placeholders, GatewayProcess.privateDir(dir, "gateway"), gatewayPort);
  }

  @AfterAll
  void stop() {
    try (TestServer l = latchkey;
        RecordingUpstream u = upstream;
        GatewayProcess g = gateway) {
      // closed in reverse order: the gateway first
    }
  }

  /** The repository's {@code deploy/<relative>}, found from the module's working directory. */
  static Path deployed(String relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("deploy").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "deploy/" + relative + " not found above the working directory");
  }

  private String created(String path, String json, String field) {
    TestServer.Response r = latchkey.post(path, json);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().get(field).asText();
  }

  private JsonNode key(String fields) {
    TestServer.Response r =
        latchkey.post(
            "/v1/keys",
            "{\"service\":\"" + service + "\",\"consumer\":\"" + consumer + "\"" + fields + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static String secret(JsonNode issued) {
    return issued.get("key").asText();
  }

  private static String id(JsonNode issued) {
    return issued.get("data").get("id").asText();
  }

  /** A path no other request used, so the upstream's record of it is this request's. */
  private static String freshPath() {
    return "/api/orders/" + UUID.randomUUID();
  }

  private HttpResponse<String> send(String method, String path, Map<String, String> headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String path, Map<String, String> headers) {
    return send("GET", path, headers);
  }

  private Received onlyRequestAt(String path) {
    List<Received> seen = upstream.at(path);
    assertThat(seen).as("requests at the upstream for " + path).hasSize(1);
    return seen.getFirst();
  }

  @Test
  void validKey_passes_withTheIdentityHeadersAtTheUpstream() {
    JsonNode k = key(",\"permissions\":[\"orders:read\",\"orders:write\"]");
    for (Map<String, String> credential :
        List.of(Map.of("X-Api-Key", secret(k)), Map.of("Authorization", "Bearer " + secret(k)))) {
      String path = freshPath() + "?page=2";
      HttpResponse<String> r = get(path, credential);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("upstream");
      Received at = onlyRequestAt(path);
      assertThat(at.header("X-Latchkey-Key-Id")).contains(id(k));
      assertThat(at.header("X-Latchkey-Consumer")).contains(consumer);
      assertThat(at.header("X-Latchkey-Permissions")).contains("orders:read,orders:write");
    }
  }

  @Test
  void postRequests_passToo() {
    String s = secret(key(",\"permissions\":[\"orders:read\"]"));
    String path = freshPath();
    assertThat(send("POST", path, Map.of("X-Api-Key", s)).statusCode()).isEqualTo(200);
    assertThat(onlyRequestAt(path).header("X-Latchkey-Permissions")).contains("orders:read");
  }

  @Test
  void missingOrInvalidKey_is401_withAChallenge_andNeverReachesTheUpstream() {
    JsonNode revoked = key(",\"permissions\":[\"orders:read\"]");
    latchkey.post("/v1/keys/" + id(revoked) + ":revoke", "{\"reason\":\"leaked\"}");
    for (Map<String, String> headers :
        List.of(
            Map.<String, String>of(),
            Map.of("X-Api-Key", "not-a-key"),
            Map.of("Authorization", "Bearer not-a-key"),
            Map.of("X-Api-Key", secret(revoked)),
            Map.of("X-Api-Key", gatewayKey))) {
      String path = freshPath();
      HttpResponse<String> r = get(path, headers);
      assertThat(r.statusCode()).as(headers.keySet().toString()).isEqualTo(401);
      assertThat(r.headers().firstValue("WWW-Authenticate"))
          .as(headers.keySet().toString())
          .contains("Bearer realm=\"latchkey\"");
      assertThat(upstream.at(path)).isEmpty();
    }
  }

  @Test
  void keyWithoutTheRoutesPermission_is403_whateverPermissionsTheClientClaims() {
    String lister = secret(key(",\"permissions\":[\"orders:list\"]"));
    String path = freshPath();
    HttpResponse<String> plain = get(path, Map.of("X-Api-Key", lister));
    HttpResponse<String> claiming =
        get(path, Map.of("X-Api-Key", lister, "X-Latchkey-Permissions", "orders:list"));
    assertThat(plain.statusCode()).isEqualTo(403);
    assertThat(claiming.statusCode()).isEqualTo(403);
    assertThat(plain.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(upstream.at(path)).isEmpty();
  }

  /** The client's query string never reaches Latchkey's route settings (service, permissions). */
  @Test
  void clientQueryParameters_cannotConfigureTheRoute() {
    String lister = secret(key(",\"permissions\":[\"orders:list\"]"));
    String path = freshPath();
    HttpResponse<String> claiming =
        get(path + "?permissions=orders:list&cost=0&limits=none", Map.of("X-Api-Key", lister));
    assertThat(claiming.statusCode()).isEqualTo(403);
    assertThat(upstream.at(path)).isEmpty();
  }

  /** A client cannot tell Latchkey another method or path than the one the gateway forwards. */
  @Test
  void clientForwardingHeaders_cannotFakeTheMethodOrPathConditionsSee() {
    String getOnly =
        secret(key(",\"permissions\":[\"orders:read\"],\"condition\":\"request.method == 'GET'\""));
    String path = freshPath();
    HttpResponse<String> faked =
        send(
            "DELETE",
            path,
            Map.of(
                "X-Api-Key", getOnly,
                "X-Original-Method", "GET",
                "X-Forwarded-Method", "GET",
                "X-Original-URI", "/public"));
    assertThat(faked.statusCode()).isEqualTo(403);
    assertThat(upstream.at(path)).isEmpty();
    assertThat(send("GET", path, Map.of("X-Api-Key", getOnly)).statusCode()).isEqualTo(200);
  }

  @Test
  void rateLimitedKey_is429_withRetryAfter() {
    String s =
        secret(
            key(
                ",\"permissions\":[\"orders:read\"],"
                    + "\"limits\":[{\"name\":\"burst\",\"limit\":1,\"period\":\"PT1M\"}]"));
    String first = freshPath();
    HttpResponse<String> allowed = get(first, Map.of("X-Api-Key", s));
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(onlyRequestAt(first).header("RateLimit-Remaining")).contains("0");
    String second = freshPath();
    HttpResponse<String> limited = get(second, Map.of("X-Api-Key", s, "X-Latchkey-Cost", "0"));
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Retry-After")).contains("50");
    assertThat(upstream.at(second)).isEmpty();
  }

  @Test
  void clientXLatchkeyHeaders_neverReachTheUpstream_norConfigureTheRoute() {
    JsonNode k = key(",\"permissions\":[\"orders:read\"]");
    String path = freshPath();
    HttpResponse<String> r =
        get(
            path,
            Map.of(
                "X-Api-Key", secret(k),
                "X-Latchkey-Key-Id", "key_forged",
                "X-Latchkey-Consumer", "con_forged",
                "X-Latchkey-Permissions", "admin:*",
                "X-Latchkey-Service", "no-such-service",
                "X-Latchkey-Limits", "Not A Limit",
                "X-Latchkey-Root-Key", "lk_root_forged"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    Received at = onlyRequestAt(path);
    assertThat(at.header("X-Latchkey-Key-Id")).contains(id(k));
    assertThat(at.header("X-Latchkey-Consumer")).contains(consumer);
    assertThat(at.header("X-Latchkey-Permissions")).contains("orders:read");
    assertThat(at.headers().get("X-Latchkey-Key-Id")).hasSize(1);
    assertThat(at.headers().get("X-Latchkey-Permissions")).hasSize(1);
    for (String absent :
        List.of("X-Latchkey-Service", "X-Latchkey-Limits", "X-Latchkey-Root-Key")) {
      assertThat(at.header(absent)).as(absent).isEmpty();
    }
    assertThat(at.headers().toString()).doesNotContain("forged").doesNotContain("admin:*");
  }

  @Test
  void theUpstream_neverSeesTheGatewayRootKey() {
    String s = secret(key(",\"permissions\":[\"orders:read\"]"));
    String path = freshPath();
    assertThat(get(path, Map.of("X-Api-Key", s)).statusCode()).isEqualTo(200);
    assertThat(upstream.all()).isNotEmpty();
    for (Received r : upstream.all()) {
      assertThat(r.headers().toString()).doesNotContain(gatewayKey);
      assertThat(r.uri()).doesNotContain(gatewayKey);
    }
    assertThat(gateway.redactedLog()).doesNotContain(gatewayKey);
  }
}
