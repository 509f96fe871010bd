package dev.latchkey.example;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.api.Consumer;
import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Json;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.RevokeKey;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.Verifier;
import dev.latchkey.client.servlet.LatchkeyFilter;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.server.TestServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orders service behind {@link LatchkeyFilter}, against a real Latchkey server, over real
 * sockets both ways: what a client sees for each outcome, and that it is what the server's
 * forward-auth endpoint answers for the same key.
 */
class OrdersServiceTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private TestServer t;
  private boolean serverRunning;
  private LatchkeyClient admin;
  private Verifier verifier;
  private OrdersService orders;
  private String ordersId;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    serverRunning = true;
    admin = t.client();
    ordersId = admin.services().create(new CreateService("orders", "ord")).id();
    verifier = Verifier.builder().baseUri(t.uri()).rootKey(t.rootKey).build();
    LatchkeyFilter filter =
        new LatchkeyFilter(verifier, OrdersService.filterSettings().clock(t.clock).build());
    orders = OrdersService.start("127.0.0.1", 0, new FilterHolder(filter));
  }

  @AfterEach
  void stop() {
    orders.close();
    verifier.close();
    admin.close();
    if (serverRunning) {
      t.close();
    }
  }

  @Test
  void validKey_isAdmitted_andTheServletSeesItsVerdict() {
    Consumer acme = admin.consumers().create(CreateConsumer.of("acme"));
    IssuedKey key = key(keyOf(ordersId, acme.id(), List.of("orders:read"), null, null));

    HttpResponse<String> response = get(Map.of("X-Api-Key", key.key()));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("orders").isArray()).isTrue();
    assertThat(body.get("consumer").asText()).isEqualTo(acme.id());
    assertThat(body.get("key_id").asText()).isEqualTo(key.data().id());
    assertThat(response.headers().firstValue("RateLimit-Limit")).isEmpty();
  }

  @Test
  void bearerAuthorization_isReadWhenTheKeyHeaderIsAbsent() {
    IssuedKey key = key(keyOf(ordersId, null, List.of("orders:read"), null, null));

    HttpResponse<String> response = get(Map.of("Authorization", "Bearer " + key.key()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response).get("key_id").asText()).isEqualTo(key.data().id());
  }

  @Test
  void missingKey_is401WithTheBearerChallenge() {
    HttpResponse<String> response = get(Map.of());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains("Bearer realm=\"latchkey\"");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    assertThat(json(response).get("status").asInt()).isEqualTo(401);
  }

  @Test
  void everyUnauthenticatedCause_looksTheSameToTheClient() {
    IssuedKey revoked = key(keyOf(ordersId, null, List.of("orders:read"), null, null));
    admin.keys().revoke(revoked.data().id(), new RevokeKey("leaked"));
    IssuedKey disabled = key(keyOf(ordersId, null, List.of("orders:read"), null, null));
    admin.keys().update(disabled.data().id(), UpdateKey.of(null, null, null, false));
    IssuedKey expired =
        key(
            new CreateKey(
                ordersId,
                null,
                null,
                null,
                t.clock.instant().plus(Duration.ofHours(1)),
                null,
                List.of("orders:read"),
                null,
                null,
                null,
                null));
    t.clock.advance(Duration.ofHours(2));
    String billing = admin.services().create(new CreateService("billing", "bil")).id();
    IssuedKey otherService = key(keyOf(billing, null, List.of("orders:read"), null, null));

    List<HttpResponse<String>> responses =
        List.of(
            get(Map.of()),
            get(Map.of("X-Api-Key", "not-a-key")),
            get(Map.of("X-Api-Key", KeyFormat.generate("ord").reveal())),
            get(Map.of("X-Api-Key", revoked.key())),
            get(Map.of("X-Api-Key", disabled.key())),
            get(Map.of("X-Api-Key", expired.key())),
            get(Map.of("X-Api-Key", otherService.key())));

    HttpResponse<String> first = responses.getFirst();
    assertThat(first.statusCode()).isEqualTo(401);
    for (HttpResponse<String> response : responses) {
      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo(first.body());
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .isEqualTo(first.headers().firstValue("WWW-Authenticate"));
    }
    assertThat(first.body())
        .doesNotContain("REVOKED", "NOT_FOUND", "MALFORMED", "EXPIRED", "DISABLED", "SERVICE");
  }

  @Test
  void conditions_seeTheContainersView_andNoForwardedAddress() {
    IssuedKey here =
        key(
            withCondition(
                "request.ip.in_cidr('127.0.0.0/8') && request.method == 'GET'"
                    + " && request.path == '/orders' && request.service == 'orders'"));
    IssuedKey office = key(withCondition("request.ip.in_cidr('10.0.0.0/8')"));

    assertThat(get(Map.of("X-Api-Key", here.key())).statusCode()).isEqualTo(200);
    assertThat(get(Map.of("X-Api-Key", office.key(), "X-Forwarded-For", "10.1.2.3")).statusCode())
        .isEqualTo(403);
  }

  @Test
  void keyWithoutThePermission_is403() {
    IssuedKey key = key(keyOf(ordersId, null, List.of("orders:list"), null, null));

    HttpResponse<String> response = get(Map.of("X-Api-Key", key.key()));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
    assertThat(response.body()).doesNotContain("orders:read", "INSUFFICIENT");
  }

  @Test
  void rateLimitedKey_is429WithRetryAfter_onTheThirdRequest() {
    IssuedKey key =
        key(
            keyOf(
                ordersId,
                null,
                List.of("orders:read"),
                List.of(RateLimit.of("requests", 2, "PT1M")),
                null));
    Instant windowEnd = Instant.ofEpochSecond((t.clock.instant().getEpochSecond() / 60 + 1) * 60);
    long untilReset = Duration.between(t.clock.instant(), windowEnd).toMillis();
    String expectedRetryAfter = Long.toString(Math.max(1, (untilReset + 999) / 1000));

    HttpResponse<String> first = get(Map.of("X-Api-Key", key.key()));
    HttpResponse<String> second = get(Map.of("X-Api-Key", key.key()));
    HttpResponse<String> third = get(Map.of("X-Api-Key", key.key()));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("RateLimit-Limit")).contains("2");
    assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("1");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("RateLimit-Remaining")).contains("0");
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(third.headers().firstValue("Retry-After")).contains(expectedRetryAfter);
    assertThat(third.headers().firstValue("RateLimit-Limit")).contains("2");
    assertThat(third.headers().firstValue("RateLimit-Remaining")).contains("0");
    assertThat(third.headers().firstValue("RateLimit-Reset")).contains(expectedRetryAfter);
  }

  @Test
  void keyOutOfCredits_is429WithoutRetryAfter_evenWithARateLimitLeft() {
    List<RateLimit> plenty = List.of(RateLimit.of("requests", 100, "PT1M"));
    IssuedKey here = key(keyOf(ordersId, null, List.of("orders:read"), plenty, Credits.of(1)));
    IssuedKey there = key(keyOf(ordersId, null, List.of("orders:read"), plenty, Credits.of(1)));

    HttpResponse<String> first = get(Map.of("X-Api-Key", here.key()));
    HttpResponse<String> second = get(Map.of("X-Api-Key", here.key()));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("RateLimit-Remaining")).contains("99");
    assertThat(second.statusCode()).isEqualTo(429);
    assertThat(second.headers().firstValue("Retry-After")).isEmpty();
    assertThat(second.headers().firstValue("RateLimit-Limit")).isEmpty();
    forwardAuth(there.key());
    assertSameAnswer(second, forwardAuth(there.key()));
  }

  @Test
  void denials_areWhatForwardAuthAnswersForTheSameKeys() {
    IssuedKey revoked = key(keyOf(ordersId, null, List.of("orders:read"), null, null));
    admin.keys().revoke(revoked.data().id(), new RevokeKey(null));
    IssuedKey unpermitted = key(keyOf(ordersId, null, List.of("orders:list"), null, null));
    List<RateLimit> one = List.of(RateLimit.of("requests", 1, "PT1M"));
    IssuedKey limitedHere = key(keyOf(ordersId, null, List.of("orders:read"), one, null));
    IssuedKey limitedThere = key(keyOf(ordersId, null, List.of("orders:read"), one, null));
    get(Map.of("X-Api-Key", limitedHere.key()));
    forwardAuth(limitedThere.key());

    assertSameAnswer(get(Map.of()), forwardAuth(null));
    assertSameAnswer(get(Map.of("X-Api-Key", revoked.key())), forwardAuth(revoked.key()));
    assertSameAnswer(get(Map.of("X-Api-Key", unpermitted.key())), forwardAuth(unpermitted.key()));
    assertSameAnswer(get(Map.of("X-Api-Key", limitedHere.key())), forwardAuth(limitedThere.key()));
  }

  @Test
  void serverUnreachable_withNothingCached_is503_loggedWithoutTheKey() {
    IssuedKey key = key(keyOf(ordersId, null, List.of("orders:read"), null, null));
    List<String> logged = new ArrayList<>();
    Logger log = Logger.getLogger(LatchkeyFilter.class.getName());
    Handler capture = capture(logged);
    log.addHandler(capture);
    try {
      t.close();
      serverRunning = false;

      HttpResponse<String> response = get(Map.of("X-Api-Key", key.key()));

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("1");
      assertThat(json(response).get("type").asText())
          .isEqualTo("urn:latchkey:problem:service-unavailable");
      assertThat(response.body()).doesNotContain(key.key());
      assertThat(logged).anySatisfy(line -> assertThat(line).contains("503"));
      assertThat(logged).noneSatisfy(line -> assertThat(line).contains(key.key()));
    } finally {
      log.removeHandler(capture);
    }
  }

  @Test
  void revokedKey_answeredValidFromMemory_isRefusedOnceRevoked() {
    IssuedKey key = key(keyOf(ordersId, null, List.of("orders:read"), null, null));
    // Until its creation's change event is heard, a verdict of the key is not kept.
    long before = verifier.status().hits();
    await()
        .atMost(PATIENCE)
        .until(
            () ->
                get(Map.of("X-Api-Key", key.key())).statusCode() == 200
                    && verifier.status().hits() > before);

    admin.keys().revoke(key.data().id(), new RevokeKey("leaked"));

    await().atMost(PATIENCE).until(() -> get(Map.of("X-Api-Key", key.key())).statusCode() == 401);
    assertThat(get(Map.of("X-Api-Key", key.key())).statusCode()).isEqualTo(401);
  }

  /** Status, the headers a client acts on, and the body but for its per-request id. */
  private static void assertSameAnswer(
      HttpResponse<String> filter, TestServer.Response forwardAuth) {
    assertThat(filter.statusCode()).isEqualTo(forwardAuth.status()).isGreaterThanOrEqualTo(400);
    for (String header : List.of("WWW-Authenticate", "Retry-After", "RateLimit-Limit")) {
      assertThat(filter.headers().firstValue(header))
          .as(header)
          .isEqualTo(Optional.ofNullable(forwardAuth.header(header)));
    }
    assertThat(filter.headers().firstValue("Content-Type"))
        .contains(forwardAuth.header("Content-Type"));
    ObjectNode expected = (ObjectNode) forwardAuth.json();
    expected.remove("request_id");
    assertThat(json(filter)).isEqualTo(expected);
  }

  private TestServer.Response forwardAuth(String key) {
    Map<String, String> headers =
        key == null
            ? Map.of("X-Latchkey-Root-Key", t.rootKey)
            : Map.of("X-Latchkey-Root-Key", t.rootKey, "X-Api-Key", key);
    return t.call("GET", "/v1/forward-auth?service=orders&permissions=orders:read", null, headers);
  }

  private IssuedKey key(CreateKey body) {
    return admin.keys().create(body);
  }

  private static CreateKey keyOf(
      String service,
      String consumer,
      List<String> permissions,
      List<RateLimit> limits,
      Credits credits) {
    return new CreateKey(
        service, consumer, null, null, null, null, permissions, null, null, limits, credits);
  }

  private CreateKey withCondition(String condition) {
    return CreateKey.of(ordersId).withPermissions(List.of("orders:read")).withCondition(condition);
  }

  private HttpResponse<String> get(Map<String, String> headers) {
    return getPath("/orders", headers);
  }

  /** A GET of {@code path} as written: neither encoded nor normalised on the way. */
  private HttpResponse<String> getPath(String path, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(java.net.URI.create(orders.uri() + path));
    headers.forEach(request::header);
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.mapper().readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  private static Handler capture(List<String> lines) {
    SimpleFormatter format = new SimpleFormatter();
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        synchronized (lines) {
          lines.add(format.formatMessage(record));
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }

  @Test
  void conditionsSeeThePathTheContainerRoutesOn_notTheRawUri() {
    IssuedKey notOrders = key(withCondition("!request.path.startsWith('/orders')"));
    IssuedKey publicOnly = key(withCondition("request.path.startsWith('/public/')"));
    for (String path : List.of("/orders", "/%6Frders", "/public/../orders", "/orders;x=1")) {
      for (IssuedKey key : List.of(notOrders, publicOnly)) {
        HttpResponse<String> response = getPath(path, Map.of("X-Api-Key", key.key()));
        assertThat(response.statusCode()).as("%s reaching /orders", path).isNotEqualTo(200);
      }
    }
  }

  @Test
  void aClosedVerifierIsA503NotA500() {
    IssuedKey key = key(keyOf(ordersId, null, List.of("orders:read"), null, null));
    verifier.close();
    HttpResponse<String> response = get(Map.of("X-Api-Key", key.key()));
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }
}
