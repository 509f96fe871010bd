package dev.latchkey.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.TestServer.Response;
import dev.latchkey.server.api.ForwardAuthSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/forward-auth} over a real socket, as a gateway calls it: the gateway's root key in
 * {@code X-Latchkey-Root-Key}, the client's key and request in the headers a gateway forwards. On
 * the API's port here; {@link ForwardAuthListenerTest} runs the same on the forward-auth listener.
 */
class ForwardAuthTest {
  @TempDir Path dir;
  TestServer t;
  String service;
  String consumer;

  @BeforeEach
  void start() {
    startWith(server(dir.resolve("default"), ForwardAuthSettings.defaults()));
  }

  /** A server on {@code data} whose forward auth is set up as {@code settings} say. */
  TestServer server(Path data, ForwardAuthSettings settings) {
    return new TestServer(data, c -> c.withForwardAuth(settings));
  }

  /** The listener the checks are sent to. */
  URI base() {
    return t.uri();
  }

  /** Replaces the server by one on fresh data with {@code settings}. */
  private void restartWith(ForwardAuthSettings settings) {
    t.close();
    startWith(server(dir.resolve("tuned"), settings));
  }

  private void startWith(TestServer server) {
    t = server;
    t.clock.set(Instant.parse("2031-03-01T10:00:10Z"));
    service =
        t.post("/v1/services", "{\"name\":\"orders\",\"prefix\":\"ord\"}")
            .json()
            .get("id")
            .asText();
    consumer = t.post("/v1/consumers", "{\"name\":\"shop\"}").json().get("id").asText();
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private JsonNode key(String fields) {
    Response r =
        t.post(
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

  private Response ask(String method, String path, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>(headers);
    all.putIfAbsent("X-Latchkey-Root-Key", t.rootKey);
    return t.call(base(), method, path, null, all);
  }

  private Response ask(Map<String, String> headers) {
    return ask("GET", "/v1/forward-auth", headers);
  }

  @Test
  void validKey_inXApiKey_is200_withIdentityHeaders_andNoBody() {
    JsonNode k = key(",\"permissions\":[\"orders:read\",\"orders:write\"]");
    Response r = ask(Map.of("X-Api-Key", secret(k)));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).isEmpty();
    assertThat(r.header("X-Latchkey-Key-Id")).isEqualTo(id(k));
    assertThat(r.header("X-Latchkey-Consumer")).isEqualTo(consumer);
    assertThat(r.header("X-Latchkey-Permissions")).isEqualTo("orders:read,orders:write");
    assertThat(r.header("RateLimit-Limit")).isNull();
    assertThat(r.header("WWW-Authenticate")).isNull();
  }

  @Test
  void everyMethod_onTheBasePathAndUnderAnySuffix_answersAlike() {
    String s = secret(key(""));
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")) {
      for (String path :
          List.of(
              "/v1/forward-auth",
              "/v1/forward-auth/",
              "/v1/forward-auth/api",
              "/v1/forward-auth/api/orders/42",
              "/v1/forward-auth/api/orders:cancel?x=1")) {
        assertThat(ask(method, path, Map.of("X-Api-Key", s)).status())
            .as(method + " " + path)
            .isEqualTo(200);
        assertThat(ask(method, path, Map.of()).status()).as(method + " " + path).isEqualTo(401);
      }
    }
    assertThat(t.call(base(), "TRACE", "/v1/forward-auth", null, Map.of()).status()).isEqualTo(405);
    assertThat(t.call(base(), "GET", "/v1/forward-authx", null, Map.of()).status()).isEqualTo(404);
  }

  @Test
  void bearer_isTheClientKey_andXApiKeyWins() {
    String s = secret(key(""));
    assertThat(ask(Map.of("Authorization", "Bearer " + s)).status()).isEqualTo(200);
    assertThat(ask(Map.of("Authorization", "Basic " + s)).status()).isEqualTo(401);
    assertThat(ask(Map.of("X-Api-Key", "nope", "Authorization", "Bearer " + s)).status())
        .isEqualTo(401);
  }

  @Test
  void queryKey_isIgnoredByDefault() {
    String s = secret(key(""));
    Response r = ask("GET", "/v1/forward-auth?key=" + s, Map.of());
    assertThat(r.status()).isEqualTo(401);
    assertThat(r.body()).doesNotContain(s);
  }

  @Test
  void queryKey_isReadWhenConfigured() {
    restartWith(ForwardAuthSettings.defaults().withQueryKey(true));
    String s = secret(key(""));
    assertThat(ask("GET", "/v1/forward-auth?key=" + s, Map.of()).status()).isEqualTo(200);
    assertThat(ask("GET", "/v1/forward-auth/api/x?key=" + s, Map.of()).status()).isEqualTo(200);
  }

  @Test
  void everyUnauthenticatedReason_looksTheSame_401WithAChallenge() {
    JsonNode revoked = key("");
    t.post("/v1/keys/" + id(revoked) + ":revoke", "{\"reason\":\"leaked\"}");
    JsonNode disabled = key(",\"enabled\":false");
    JsonNode expiring = key(",\"expires_at\":\"2031-03-01T10:00:11Z\"");
    String valid = secret(key(""));
    String unknown = valid.substring(0, valid.length() - 8) + "AAAAAAAA";
    t.clock.advance(Duration.ofSeconds(5));
    List<Map<String, String>> cases =
        List.of(
            Map.of(),
            Map.of("X-Api-Key", "not-a-key"),
            Map.of("X-Api-Key", unknown),
            Map.of("X-Api-Key", secret(revoked)),
            Map.of("X-Api-Key", secret(disabled)),
            Map.of("X-Api-Key", secret(expiring)),
            Map.of("X-Api-Key", t.rootKey),
            Map.of("X-Api-Key", "k".repeat(5000)),
            Map.of("X-Api-Key", valid, "X-Latchkey-Service", "another-service"));
    String first = null;
    for (Map<String, String> headers : cases) {
      Response r = ask(headers);
      String label =
          headers.keySet() + " " + headers.values().stream().map(String::length).toList();
      assertThat(r.status()).as(label).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).as(label).isEqualTo("Bearer realm=\"latchkey\"");
      assertThat(r.header("Content-Type")).isEqualTo("application/problem+json");
      String body = withoutRequestId(r);
      assertThat(body).doesNotContainIgnoringCase("revoked").doesNotContain("NOT_FOUND");
      headers.values().forEach(v -> assertThat(r.body()).doesNotContain(v.length() > 3 ? v : "\0"));
      if (first == null) {
        first = body;
      }
      assertThat(body).as(label).isEqualTo(first);
    }
  }

  private static String withoutRequestId(Response r) {
    JsonNode body = r.json();
    assertThat(body.get("request_id").asText()).isEqualTo(r.header("X-Request-Id"));
    return ((com.fasterxml.jackson.databind.node.ObjectNode) body.deepCopy())
        .without("request_id")
        .toString();
  }

  @Test
  void missingPermission_andFailedCondition_areThe_sameForbidden() {
    String reader = secret(key(",\"permissions\":[\"orders:read\"]"));
    String getsOnly = secret(key(",\"condition\":\"request.method == 'GET'\""));
    assertThat(ask(Map.of("X-Api-Key", reader, "X-Latchkey-Permissions", "orders:read")).status())
        .isEqualTo(200);
    assertThat(
            ask("GET", "/v1/forward-auth?permissions=orders:read", Map.of("X-Api-Key", reader))
                .status())
        .isEqualTo(200);
    Response lacking = ask(Map.of("X-Api-Key", reader, "X-Latchkey-Permissions", "orders:write"));
    assertThat(ask(Map.of("X-Api-Key", getsOnly, "X-Original-Method", "GET")).status())
        .isEqualTo(200);
    Response condition = ask(Map.of("X-Api-Key", getsOnly, "X-Original-Method", "DELETE"));
    assertThat(lacking.status()).isEqualTo(403);
    assertThat(condition.status()).isEqualTo(403);
    assertThat(withoutRequestId(lacking)).isEqualTo(withoutRequestId(condition));
    assertThat(lacking.body()).doesNotContain("orders:write").doesNotContain("PERMISSION");
    assertThat(lacking.header("WWW-Authenticate")).isNull();
  }

  @Test
  void envoysMethods_reachTheCheck_asTheMethodConditionsSee() {
    String reader = secret(key(",\"permissions\":[\"orders:read\"]"));
    Map<String, String> needsDelete =
        Map.of("X-Api-Key", reader, "X-Latchkey-Permissions", "orders:delete");
    Response denied = ask("DELETE", "/v1/forward-auth/api/orders/42", needsDelete);
    assertThat(denied.status()).as(denied.body()).isEqualTo(403);
    assertThat(denied.header("X-Latchkey-Key-Id")).isNull();

    JsonNode writer = key(",\"permissions\":[\"orders:write\"]");
    Response put =
        ask(
            "PUT",
            "/v1/forward-auth/api/orders/42",
            Map.of("X-Api-Key", secret(writer), "X-Latchkey-Permissions", "orders:write"));
    assertThat(put.status()).as(put.body()).isEqualTo(200);
    assertThat(put.header("X-Latchkey-Key-Id")).isEqualTo(id(writer));
    assertThat(put.header("X-Latchkey-Consumer")).isEqualTo(consumer);
    assertThat(put.header("X-Latchkey-Permissions")).isEqualTo("orders:write");

    // No X-Original-Method: the forward-auth request's own method is the client's.
    String getsOnly = secret(key(",\"condition\":\"request.method == 'GET'\""));
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")) {
      assertThat(ask(method, "/v1/forward-auth/api", Map.of("X-Api-Key", getsOnly)).status())
          .as(method)
          .isEqualTo(403);
    }
    assertThat(ask("GET", "/v1/forward-auth/api", Map.of("X-Api-Key", getsOnly)).status())
        .isEqualTo(200);
    // A trusted X-Original-Method still names it.
    assertThat(
            ask(
                    "DELETE",
                    "/v1/forward-auth/api",
                    Map.of("X-Api-Key", getsOnly, "X-Original-Method", "GET"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void head_answersTheHeaders_withNoBody() {
    JsonNode k = key(",\"permissions\":[\"orders:read\"]");
    for (String path : List.of("/v1/forward-auth", "/v1/forward-auth/api/orders")) {
      Response ok = ask("HEAD", path, Map.of("X-Api-Key", secret(k)));
      assertThat(ok.status()).as(path).isEqualTo(200);
      assertThat(ok.body()).as(path).isEmpty();
      assertThat(ok.header("X-Latchkey-Key-Id")).isEqualTo(id(k));
      assertThat(ok.header("X-Latchkey-Consumer")).isEqualTo(consumer);
      assertThat(ok.header("X-Latchkey-Permissions")).isEqualTo("orders:read");

      Response missing = ask("HEAD", path, Map.of());
      assertThat(missing.status()).as(path).isEqualTo(401);
      assertThat(missing.body()).as(path).isEmpty();
      assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"latchkey\"");
    }
  }

  @Test
  void theKeyHeader_isConfigurable_andXApiKeyThenIsNoKey() {
    restartWith(ForwardAuthSettings.defaults().withKeyHeader("X-Client-Key"));
    JsonNode k = key("");
    Response ok = ask(Map.of("X-Client-Key", secret(k)));
    assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    assertThat(ok.header("X-Latchkey-Key-Id")).isEqualTo(id(k));
    assertThat(ask(Map.of("x-client-key", secret(k))).status()).isEqualTo(200);
    assertThat(ask(Map.of("X-Api-Key", secret(k))).status()).isEqualTo(401);
    assertThat(ask(Map.of("Authorization", "Bearer " + secret(k))).status()).isEqualTo(200);
  }

  @Test
  void theKeyHeader_mustBeAHeaderName_neitherAuthorizationNorAnXLatchkeyHeader() {
    var defaults = ForwardAuthSettings.defaults();
    assertThat(defaults.keyHeader()).isEqualTo("X-Api-Key");
    for (String bad :
        List.of(
            "",
            "X Api Key",
            "X-Api-Key:",
            "Authorization",
            "authorization",
            "X-Latchkey-Root-Key",
            "x-latchkey-service",
            "X-Latchkey-Anything")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> defaults.withKeyHeader(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("must ");
    }
    assertThat(defaults.withKeyHeader("Api-Token").keyHeader()).isEqualTo("Api-Token");
  }

  @Test
  void conditionsSeeThePathAsTheGatewayRoutesIt_decodedAndNormalised() {
    String notOrders = secret(key(",\"condition\":\"!request.path.startsWith('/orders')\""));
    String publicOnly = secret(key(",\"condition\":\"request.path.startsWith('/public/')\""));
    for (String uri :
        List.of(
            "/orders",
            "/%6Frders",
            "/public/../orders",
            "//orders",
            "/public/./../orders?x",
            "/public/..;/orders",
            "/public/%2e%2e;x/orders")) {
      assertThat(ask(Map.of("X-Api-Key", notOrders, "X-Original-URI", uri)).status())
          .as(uri)
          .isEqualTo(403);
      assertThat(ask(Map.of("X-Api-Key", publicOnly, "X-Original-URI", uri)).status())
          .as(uri)
          .isEqualTo(403);
    }
    assertThat(ask(Map.of("X-Api-Key", publicOnly, "X-Original-URI", "/public/%41?q")).status())
        .isEqualTo(200);
  }

  @Test
  void theOriginalMethod_comesFromXForwardedMethod_too() {
    String getsOnly = secret(key(",\"condition\":\"request.method == 'GET'\""));
    assertThat(ask(Map.of("X-Api-Key", getsOnly, "X-Forwarded-Method", "POST")).status())
        .isEqualTo(403);
    assertThat(
            ask(
                    "POST",
                    "/v1/forward-auth",
                    Map.of("X-Api-Key", getsOnly, "X-Forwarded-Method", "GET"))
                .status())
        .isEqualTo(200);
  }

  @Test
  void aTrustedProxy_namesTheClientAddress_rightmostUntrustedHop() {
    String office = secret(key(",\"condition\":\"request.ip.in_cidr('10.0.0.0/8')\""));
    assertThat(ask(Map.of("X-Api-Key", office)).status()).isEqualTo(403); // 127.0.0.1
    assertThat(ask(Map.of("X-Api-Key", office, "X-Forwarded-For", "10.1.2.3")).status())
        .isEqualTo(200);
    assertThat(ask(Map.of("X-Api-Key", office, "X-Real-IP", "10.1.2.3")).status()).isEqualTo(200);
    // The client wrote the left hop; the proxy appended the address it saw.
    assertThat(ask(Map.of("X-Api-Key", office, "X-Forwarded-For", "10.1.2.3, 192.0.2.7")).status())
        .isEqualTo(403);
    assertThat(
            ask(Map.of("X-Api-Key", office, "X-Forwarded-For", "192.0.2.7, 10.1.2.3, 127.0.0.1"))
                .status())
        .isEqualTo(200);
    assertThat(ask(Map.of("X-Api-Key", office, "X-Forwarded-For", "not-an-ip")).status())
        .isEqualTo(403);
  }

  /**
   * A client's own X-Forwarded-For line, followed by the line a proxy added, is one list: the
   * client's line cannot stand for the chain.
   */
  @Test
  void forwardedForOnTwoLines_isOneList_andTheClientsLineDoesNotNameTheClient() throws Exception {
    String office = secret(key(",\"condition\":\"request.ip.in_cidr('10.0.0.0/8')\""));
    java.net.http.HttpRequest request =
        java.net.http.HttpRequest.newBuilder(t.uri().resolve("/v1/forward-auth"))
            .header("X-Latchkey-Root-Key", t.rootKey)
            .header("X-Api-Key", office)
            .header("X-Forwarded-For", "10.1.2.3")
            .header("X-Forwarded-For", "192.0.2.7")
            .GET()
            .build();
    try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
      int status =
          http.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
      assertThat(status).isEqualTo(403);
    }
  }

  @Test
  void anUntrustedPeer_isTheClientAddress_whateverItForwards() {
    restartWith(ForwardAuthSettings.defaults().withTrustedProxies("192.0.2.0/24"));
    String office = secret(key(",\"condition\":\"request.ip.in_cidr('10.0.0.0/8')\""));
    String local = secret(key(",\"condition\":\"request.ip.in_cidr('127.0.0.0/8')\""));
    assertThat(ask(Map.of("X-Api-Key", office, "X-Forwarded-For", "10.1.2.3")).status())
        .isEqualTo(403);
    assertThat(ask(Map.of("X-Api-Key", office, "X-Real-IP", "10.1.2.3")).status()).isEqualTo(403);
    assertThat(ask(Map.of("X-Api-Key", local, "X-Forwarded-For", "10.1.2.3")).status())
        .isEqualTo(200);
  }

  @Test
  void rateLimitHeaders_thenA429WithRetryAfter_untilTheWindowEnds() {
    String s = secret(key(",\"limits\":[{\"name\":\"burst\",\"limit\":2,\"period\":\"PT1M\"}]"));
    Response first = ask(Map.of("X-Api-Key", s));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
    assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
    assertThat(first.header("RateLimit-Reset")).isEqualTo("50");
    assertThat(ask(Map.of("X-Api-Key", s)).header("RateLimit-Remaining")).isEqualTo("0");
    Response limited = ask(Map.of("X-Api-Key", s));
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isEqualTo("50");
    assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
    assertThat(limited.body()).doesNotContain("RATE_LIMITED").doesNotContain("burst");
    t.clock.advance(Duration.ofSeconds(30));
    assertThat(ask(Map.of("X-Api-Key", s)).header("Retry-After")).isEqualTo("20");
    t.clock.advance(Duration.ofSeconds(20));
    assertThat(ask(Map.of("X-Api-Key", s)).status()).isEqualTo(200);
  }

  @Test
  void costAndLimitNames_comeFromTheGatewayConfiguration() {
    String s =
        secret(
            key(
                ",\"limits\":[{\"name\":\"requests\",\"limit\":3,\"period\":\"PT1M\"},"
                    + "{\"name\":\"bulk\",\"limit\":1,\"period\":\"PT1M\"}]"));
    Response free = ask("GET", "/v1/forward-auth?cost=0&limits=requests", Map.of("X-Api-Key", s));
    assertThat(free.status()).isEqualTo(200);
    assertThat(free.header("RateLimit-Remaining")).isEqualTo("3");
    Response two =
        ask(Map.of("X-Api-Key", s, "X-Latchkey-Cost", "2", "X-Latchkey-Limits", "requests"));
    assertThat(two.header("RateLimit-Remaining")).isEqualTo("1");
    assertThat(
            ask(Map.of("X-Api-Key", s, "X-Latchkey-Cost", "2", "X-Latchkey-Limits", "requests"))
                .status())
        .isEqualTo(429);
  }

  @Test
  void spentCredits_are429_withoutRetryAfter() {
    String s = secret(key(",\"credits\":{\"remaining\":1}"));
    assertThat(ask(Map.of("X-Api-Key", s)).status()).isEqualTo(200);
    Response spent = ask(Map.of("X-Api-Key", s));
    assertThat(spent.status()).isEqualTo(429);
    assertThat(spent.header("Retry-After")).isNull();
  }

  @Test
  void badGatewayParameters_are400_namingTheParameter() {
    String s = secret(key(""));
    Map<String, String> cases =
        Map.of(
            "/v1/forward-auth?cost=abc", "cost",
            "/v1/forward-auth?cost=-1", "cost",
            "/v1/forward-auth?cost=1000000001", "cost",
            "/v1/forward-auth?permissions=(a:b", "permissions",
            "/v1/forward-auth?limits=Requests", "limits",
            "/v1/forward-auth?service=", "service");
    cases.forEach(
        (path, field) -> {
          Response r = ask("GET", path, Map.of("X-Api-Key", s));
          assertThat(r.status()).as(path).isEqualTo(400);
          assertThat(r.json().get("errors").get(0).get("field").asText()).as(path).isEqualTo(field);
          assertThat(r.body()).doesNotContain(s);
        });
    assertThat(ask(Map.of("X-Api-Key", s, "X-Latchkey-Cost", "1.5")).status()).isEqualTo(400);
    assertThat(ask(Map.of("X-Api-Key", s, "X-Original-URI", "/" + "a".repeat(3000))).status())
        .isEqualTo(400);
  }

  @Test
  void onASuffixPath_theQueryIsTheClients_soOnlyHeadersConfigureTheRoute() {
    String reader = secret(key(",\"permissions\":[\"orders:read\"]"));
    Map<String, String> needsWrite =
        Map.of("X-Api-Key", reader, "X-Latchkey-Permissions", "orders:write");
    assertThat(ask("GET", "/v1/forward-auth/api?permissions=orders:read", needsWrite).status())
        .isEqualTo(403);
    assertThat(ask("GET", "/v1/forward-auth/api?cost=abc", Map.of("X-Api-Key", reader)).status())
        .isEqualTo(200);
  }

  @Test
  void onASuffixPath_thePathIsDecodedOnce_asTheGatewaySentIt() {
    String notAdmin = secret(key(",\"condition\":\"!request.path.startsWith('/admin')\""));
    Map<String, String> asked = Map.of("X-Api-Key", notAdmin);
    // %252e is "%2e" on the wire: one decoding, as the upstream sees it, keeps it under /admin.
    assertThat(ask("GET", "/v1/forward-auth/admin/%252e%252e/public", asked).status())
        .isEqualTo(403);
    assertThat(ask("GET", "/v1/forward-auth/admin/%2e%2e/public", asked).status()).isEqualTo(200);
    assertThat(ask("GET", "/v1/forward-auth/admin", asked).status()).isEqualTo(403);
  }

  /** One request written as given (no client library normalises its path); its status line. */
  private String raw(String target, String... headers) throws java.io.IOException {
    StringBuilder request =
        new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: gw\r\nConnection: close\r\n");
    request.append("X-Latchkey-Root-Key: ").append(t.rootKey).append("\r\n");
    for (String h : headers) {
      request.append(h).append("\r\n");
    }
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", base().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.append("\r\n").toString().getBytes("ISO-8859-1"));
      return new java.io.BufferedReader(
              new java.io.InputStreamReader(socket.getInputStream(), "ISO-8859-1"))
          .readLine();
    }
  }

  @Test
  void aPathThatIsTheBaseOnlyOnceNormalised_isASuffix_whoseQuerySetsNothing() throws Exception {
    String s = secret(key(",\"permissions\":[\"orders:read\"]"));
    // Envoy appends the client's path and query: a client asking for /orders/../../forward-auth
    // must not turn its own query into the route's settings (the route requires orders:write).
    String answer =
        raw(
            "/v1/forward-auth/orders/../../forward-auth?permissions=orders:read",
            "X-Api-Key: " + s,
            "X-Latchkey-Permissions: orders:write");
    assertThat(answer).startsWith("HTTP/1.1 403");
    assertThat(raw("/v1/forward-auth?permissions=orders:read", "X-Api-Key: " + s))
        .startsWith("HTTP/1.1 200");
    // A spelling that is the path only once decoded is no forward-auth request.
    assertThat(raw("/v1/forward%2Dauth", "X-Api-Key: " + s)).startsWith("HTTP/1.1 404");
    assertThat(raw("/v1/forward%2Dauth/orders", "X-Api-Key: " + s)).startsWith("HTTP/1.1 404");
  }

  @Test
  void theGateway_mustPresentAVerifyingRootKey_inItsOwnHeader() {
    String s = secret(key(""));
    String readOnly =
        t.post("/v1/root-keys", "{\"name\":\"ro\",\"permissions\":[\"keys.read\"]}")
            .json()
            .get("key")
            .asText();
    Response missing = t.call(base(), "GET", "/v1/forward-auth", null, Map.of("X-Api-Key", s));
    Response inAuthorization =
        t.call(
            base(),
            "GET",
            "/v1/forward-auth",
            null,
            Map.of("X-Api-Key", s, "Authorization", "Bearer " + t.rootKey));
    Response wrong = ask(Map.of("X-Latchkey-Root-Key", "lk_root_nope", "X-Api-Key", s));
    Response serviceKey = ask(Map.of("X-Latchkey-Root-Key", s, "X-Api-Key", s));
    for (Response r : List.of(missing, inAuthorization, wrong, serviceKey)) {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).isNull();
      assertThat(r.json().get("type").asText())
          .isEqualTo("urn:latchkey:problem:gateway-unauthorized");
      assertThat(r.body()).doesNotContain(s);
    }
    Response lacking = ask(Map.of("X-Latchkey-Root-Key", readOnly, "X-Api-Key", s));
    assertThat(lacking.status()).isEqualTo(403);
    assertThat(lacking.json().get("type").asText()).isEqualTo("urn:latchkey:problem:forbidden");
  }

  @Test
  void aConfinedGateway_findsNoKeyOfOtherServices() {
    String other =
        t.post("/v1/services", "{\"name\":\"billing\",\"prefix\":\"bil\"}")
            .json()
            .get("id")
            .asText();
    String confined =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"gw\",\"permissions\":[\"keys.verify\"],\"services\":[\""
                    + other
                    + "\"]}")
            .json()
            .get("key")
            .asText();
    String s = secret(key(""));
    assertThat(ask(Map.of("X-Latchkey-Root-Key", confined, "X-Api-Key", s)).status())
        .isEqualTo(401);
    assertThat(ask(Map.of("X-Api-Key", s)).status()).isEqualTo(200);
  }
}
