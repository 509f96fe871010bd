package dev.latchkey.server.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.client.LeaksApi;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.server.GitHubReports;
import dev.latchkey.server.Receiver;
import dev.latchkey.server.TestServer;
import dev.latchkey.server.api.LeakReporters;
import dev.latchkey.server.contract.ApiDocument.Operation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A realistic session against a live server - services, consumers, keys through rotation and
 * revocation, every verdict, root keys, roles, the audit trail, health - with every response
 * checked against the document the server serves (see {@link ResponseContract}).
 */
class LiveResponsesMatchDocumentTest {
  @TempDir Path dir;
  TestServer t;
  ContractClient api;

  private GitHubReports github;

  @BeforeEach
  void start() {
    // One attempt per delivery: the webhook below refuses, so its delivery is dead at once.
    try {
      github = new GitHubReports(dir);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    t =
        new TestServer(
            dir.resolve("data"),
            c ->
                c.withWebhooks(c.webhooks().withMaxAttempts(1))
                    .withLeakReporters(LeakReporters.github(github.keysFile)));
    api = new ContractClient(t);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  @Test
  void realisticSession_everyResponseMatchesTheDocument_andEveryOperationIsExercised() {
    String payments = servicesAndPages();
    String orders = consumersAndPages();
    keysThroughTheirLifecycle(payments, orders);
    sinksAndRotations(payments);
    rootKeys();
    roles();
    alertsAndWebhooks(orders);
    forwardAuth();
    leaks();
    auditAndHealth();

    assertThat(api.violations()).isEmpty();
    assertThat(api.responses()).isGreaterThan(50);
    List<String> successes =
        api.document().operations().stream().map(op -> op + " " + successStatus(op)).toList();
    assertThat(api.exercised()).containsAll(successes);
  }

  private String servicesAndPages() {
    String payments =
        id(api.expect(201, api.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")));
    String billing = id(api.expect(201, api.post("/v1/services", "{\"name\":\"billing\"}")));
    Map<String, String> once = Map.of("Idempotency-Key", "5f0c2a0e-8b1d-4d55-9a57-3c2f3b7c1e42");
    api.expect(201, api.with(once, "POST", "/v1/services", "{\"name\":\"search\"}"));
    TestServer.Response replay = api.with(once, "POST", "/v1/services", "{\"name\":\"search\"}");
    assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
    followPages("/v1/services?page_size=2", 3);
    api.expect(200, api.get("/v1/services/" + payments));
    api.expect(200, api.patch("/v1/services/" + billing, "{\"name\":\"billing-v2\"}"));
    return payments;
  }

  private String consumersAndPages() {
    String orders =
        id(
            api.expect(
                201,
                api.post(
                    "/v1/consumers",
                    "{\"name\":\"orders\",\"external_id\":\"team-orders\","
                        + "\"meta\":{\"tier\":\"internal\",\"limits\":{\"rps\":10}},"
                        + "\"limits\":[{\"name\":\"requests\",\"limit\":100,"
                        + "\"period\":\"PT1S\"}],\"credits\":{\"remaining\":5000,"
                        + "\"refill\":{\"amount\":5000,\"day_of_month\":1}}}")));
    String partner = id(api.expect(201, api.post("/v1/consumers", "{\"name\":\"partner\"}")));
    followPages("/v1/consumers?page_size=1", 2);
    api.expect(200, api.get("/v1/consumers/" + partner));
    api.expect(
        200,
        api.patch(
            "/v1/consumers/" + partner, "{\"external_id\":null,\"meta\":{\"tier\":\"gold\"}}"));
    api.expect(
        200,
        api.patch(
            "/v1/consumers/" + partner,
            "{\"limits\":[{\"name\":\"bulk\",\"limit\":10,\"period\":\"P1D\"}],"
                + "\"credits\":{\"remaining\":10}}"));
    api.expect(200, api.post("/v1/consumers/" + partner + ":credits", "{\"add\":-3}"));
    api.expect(400, api.post("/v1/consumers/" + orders + ":credits", "{\"set\":1,\"add\":1}"));
    api.expect(200, api.patch("/v1/consumers/" + partner, "{\"credits\":null}"));
    api.expect(409, api.post("/v1/consumers/" + partner + ":credits", "{\"set\":1}"));
    return orders;
  }

  private void keysThroughTheirLifecycle(String payments, String orders) {
    String expires = t.clock.instant().plus(Duration.ofDays(30)).toString();
    JsonNode issued =
        issue(
            "{\"service\":\"%s\",\"consumer\":\"%s\",\"name\":\"orders to payments\","
                    .formatted(payments, orders)
                + "\"meta\":{\"env\":\"prod\"},\"expires_at\":\"%s\",".formatted(expires)
                + "\"limits\":[{\"name\":\"requests\",\"limit\":50,\"period\":\"PT1S\"}],"
                + "\"credits\":{\"remaining\":1000,\"refill\":{\"amount\":1000,"
                + "\"interval\":\"P1D\"}}}");
    String key = id(issued.get("data"));
    String disabled =
        issue("{\"service\":\"%s\",\"enabled\":false}".formatted(payments)).get("key").asText();
    String other = id(issue("{\"service\":\"%s\"}".formatted(payments)).get("data"));
    followPages("/v1/keys?page_size=2", 3);
    api.expect(
        200, api.get("/v1/keys?service=%s&consumer=%s&state=ACTIVE".formatted(payments, orders)));
    api.expect(200, api.get("/v1/keys/" + key));
    api.expect(200, api.get("/v1/keys/" + key + "/access-report?days=7"));
    api.expect(200, api.get("/v1/keys/" + key + "/usage?granularity=minute"));
    api.expect(200, api.get("/v1/services/" + payments + "/usage?granularity=day"));
    api.expect(
        200, api.patch("/v1/keys/" + key, "{\"name\":\"orders → payments\",\"meta\":{\"v\":2}}"));
    api.expect(200, api.post("/v1/keys/" + key + ":credits", "{\"set\":250}"));
    api.expect(409, api.post("/v1/keys/" + other + ":credits", "{\"add\":5}"));
    api.expect(
        200, api.patch("/v1/keys/" + other, "{\"credits\":{\"remaining\":5},\"limits\":[]}"));
    api.expect(200, api.patch("/v1/keys/" + other, "{\"credits\":null}"));
    String check =
        "{\"namespace\":\"login\",\"identifier\":\"alice\",\"limit\":1,\"period\":\"PT1M\"}";
    assertThat(api.expect(200, api.post("/v1/ratelimits:check", check)).get("allowed").asBoolean())
        .isTrue();
    assertThat(api.expect(200, api.post("/v1/ratelimits:check", check)).get("allowed").asBoolean())
        .isFalse();
    rotateAndVerify(key, issued.get("key").asText(), disabled);
    api.expect(200, api.post("/v1/keys/" + other + ":revoke", null));
    expire(payments);
  }

  /** Rotates, then sees every verdict but EXPIRED; ends with the key revoked. */
  private void rotateAndVerify(String key, String first, String disabled) {
    String second =
        api.expect(200, api.post("/v1/keys/" + key + ":rotate", "{\"grace_period\":\"PT1H\"}"))
            .get("key")
            .asText();
    assertThat(code(second, "payments")).isEqualTo("VALID");
    JsonNode previous = verify(first, null);
    assertThat(previous.get("code").asText()).isEqualTo("VALID");
    assertThat(previous.get("previous_secret_used").asBoolean()).isTrue();
    assertThat(api.expect(200, api.get("/v1/keys/" + key)).has("rotation")).isTrue();
    assertThat(code("not-a-key", null)).isEqualTo("MALFORMED");
    assertThat(code(KeyFormat.generate("pay").reveal(), null)).isEqualTo("NOT_FOUND");
    assertThat(code(second, "billing-v2")).isEqualTo("WRONG_SERVICE");
    assertThat(code(disabled, null)).isEqualTo("DISABLED");
    api.expect(200, api.post("/v1/keys/" + key + ":revoke", "{\"reason\":\"leaked in a CI log\"}"));
    assertThat(code(second, null)).isEqualTo("REVOKED");
    assertThat(code(first, null)).isEqualTo("REVOKED");
  }

  private void expire(String service) {
    String soon = t.clock.instant().plus(Duration.ofHours(1)).toString();
    String secret =
        issue("{\"service\":\"%s\",\"expires_at\":\"%s\"}".formatted(service, soon))
            .get("key")
            .asText();
    t.clock.advance(Duration.ofHours(2));
    assertThat(code(secret, null)).isEqualTo("EXPIRED");
    api.expect(200, api.get("/v1/keys?state=EXPIRED"));
    api.expect(200, api.get("/v1/keys?state=REVOKED"));
    api.expect(200, api.get("/v1/keys?expiring_within=P7D"));
  }

  /** Sinks, policies on a service and a key, a rotation delivered and one that failed. */
  private void sinksAndRotations(String service) {
    Map<String, String> once = Map.of("Idempotency-Key", "sink-memory-a");
    String body =
        "{\"name\":\"memory-a\",\"type\":\"memory\",\"settings\":{\"label\":\"a\"},"
            + "\"credentials\":{\"token\":\"not-a-real-token\"}}";
    String sink = id(api.expect(201, api.with(once, "POST", "/v1/sinks", body)));
    assertThat(api.with(once, "POST", "/v1/sinks", body).header("Idempotent-Replayed"))
        .isEqualTo("true");
    String broken =
        id(
            api.expect(
                201,
                api.post(
                    "/v1/sinks",
                    "{\"name\":\"broken\",\"type\":\"memory\",\"settings\":{\"fail\":\"true\"}}")));
    api.expect(400, api.post("/v1/sinks", "{\"name\":\"x\",\"type\":\"carrier-pigeon\"}"));
    followPages("/v1/sinks?page_size=1", 2);
    api.expect(200, api.get("/v1/sinks/" + sink));
    api.expect(400, api.patch("/v1/sinks/" + sink, "{\"settings\":{\"label\":\"b\"}}")); // no token
    api.expect(
        200,
        api.patch(
            "/v1/sinks/" + sink,
            "{\"settings\":{\"label\":\"b\"},\"credentials\":{\"token\":\"not-a-real-token\"}}"));
    String servicePolicy = "/v1/services/" + service + "/rotation-policy";
    api.expect(
        200, api.call("PUT", servicePolicy, "{\"max_age\":\"P90D\",\"sink\":\"" + sink + "\"}"));
    api.expect(200, api.get(servicePolicy));
    api.expect(409, api.call("DELETE", "/v1/sinks/" + sink, null));
    String key = id(issue("{\"service\":\"%s\"}".formatted(service)).get("data"));
    String keyPolicy = "/v1/keys/" + key + "/rotation-policy";
    api.expect(
        200,
        api.call("PUT", keyPolicy, "{\"rotate_before_expiry\":\"P7D\",\"grace_period\":\"PT1H\"}"));
    api.expect(200, api.get(keyPolicy));
    String rotations = "/v1/keys/" + key + "/rotations";
    api.expect(201, api.post(rotations, "{\"sink\":\"" + sink + "\"}"));
    api.expect(202, api.post(rotations, "{\"sink\":\"" + broken + "\",\"grace_period\":\"PT5M\"}"));
    api.expect(409, api.post(rotations, "{\"sink\":\"" + sink + "\"}"));
    assertThat(api.expect(200, api.get(rotations)).get("items").size()).isEqualTo(2);
    api.expect(204, api.call("DELETE", keyPolicy, null));
    api.expect(404, api.get(keyPolicy));
    api.expect(204, api.call("DELETE", servicePolicy, null));
    api.expect(204, api.call("DELETE", "/v1/sinks/" + sink, null));
    oneTimeLink(service);
  }

  /** A rotation through a one-time link, the link sent to a real receiver and redeemed once. */
  private void oneTimeLink(String service) {
    try (Receiver receiver = Receiver.failingFirst(0)) {
      String hook =
          id(
              api.expect(
                      201,
                      api.post(
                          "/v1/webhooks",
                          "{\"url\":\""
                              + receiver.url("/hook")
                              + "\",\"rules\":[\"secret_leaked\"]}"))
                  .get("data"));
      String linkSink =
          id(
              api.expect(
                  201,
                  api.post(
                      "/v1/sinks",
                      "{\"name\":\"link\",\"type\":\"one_time_link\",\"settings\":{\"webhook\":\""
                          + hook
                          + "\"}}")));
      String key = id(issue("{\"service\":\"%s\"}".formatted(service)).get("data"));
      api.expect(
          201, api.post("/v1/keys/" + key + "/rotations", "{\"sink\":\"" + linkSink + "\"}"));
      assertThat(t.deliverDue()).isEqualTo(1);
      String link =
          java.net
              .URI
              .create(
                  dev.latchkey.api.Json.mapper()
                      .readTree(receiver.requests.getLast().body())
                      .get("link")
                      .get("url")
                      .asText())
              .getPath();
      api.expect(200, api.call("POST", link, null));
      api.expect(410, api.call("POST", link, null));
      api.expect(404, api.call("POST", "/v1/one-time-links/lk_otl_unknown", null));
      api.expect(204, api.call("DELETE", "/v1/sinks/" + linkSink, null));
      api.expect(200, api.call("DELETE", "/v1/webhooks/" + hook, null));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void rootKeys() {
    String expires = t.clock.instant().plus(Duration.ofDays(90)).toString();
    JsonNode issued =
        api.expect(
            201,
            api.post(
                "/v1/root-keys",
                "{\"name\":\"ci deploys\",\"permissions\":[\"services.read\",\"keys.create\"],\"expires_at\":\"%s\"}"
                    .formatted(expires)));
    String id = id(issued.get("data"));
    api.expect(200, api.as(issued.get("key").asText(), "GET", "/v1/services", null));
    followPages("/v1/root-keys?page_size=1", 2);
    api.expect(200, api.get("/v1/root-keys/" + id));
    api.expect(200, api.post("/v1/root-keys/" + id + ":revoke", "{\"reason\":\"employee left\"}"));
    api.expect(401, api.as(issued.get("key").asText(), "GET", "/v1/services", null));
  }

  private void roles() {
    Map<String, String> once = Map.of("Idempotency-Key", "role-order-reader");
    String body =
        "{\"name\":\"order-reader\",\"description\":\"Reads orders.\","
            + "\"permissions\":[\"orders:read\",\"orders.items:*\"],"
            + "\"condition\":\"request.ip.in_cidr('10.0.0.0/8')\"}";
    String reader = id(api.expect(201, api.with(once, "POST", "/v1/roles", body)));
    assertThat(api.with(once, "POST", "/v1/roles", body).header("Idempotent-Replayed"))
        .isEqualTo("true");
    api.expect(201, api.post("/v1/roles", "{\"name\":\"everything\",\"permissions\":[\"*\"]}"));
    api.expect(201, api.post("/v1/roles", "{\"name\":\"to be filled\",\"permissions\":[]}"));
    followPages("/v1/roles?page_size=2", 3);
    api.expect(200, api.get("/v1/roles/" + reader));
    api.expect(
        200,
        api.patch(
            "/v1/roles/" + reader,
            "{\"permissions\":[\"orders:*\"],\"description\":null,\"condition\":null}"));
  }

  private void alertsAndWebhooks(String consumer) {
    Map<String, String> once = Map.of("Idempotency-Key", "webhook-oncall");
    String body =
        "{\"url\":\"http://127.0.0.1:9/hook\",\"description\":\"on call\","
            + "\"rules\":[\"secret_leaked\"]}";
    String webhook =
        api.expect(201, api.with(once, "POST", "/v1/webhooks", body))
            .get("data")
            .get("id")
            .asText();
    api.expect(201, api.post("/v1/webhooks", "{\"url\":\"http://127.0.0.1:9/other\"}"));
    followPages("/v1/webhooks?page_size=1", 2);
    api.expect(200, api.get("/v1/webhooks/" + webhook));
    api.expect(200, api.patch("/v1/webhooks/" + webhook, "{\"description\":null}"));
    api.expect(200, api.post("/v1/webhooks/" + webhook + ":rotate-secret", null));
    String alert = t.raiseAlert("secret_leaked", "key_" + "A".repeat(24), "k");
    t.raiseAlert("secret_leaked", "key_" + "A".repeat(24), "k");
    t.raiseAlert("credits_low", consumer.replace("con_", "key_"), "c");
    t.deliverDue();
    followPages("/v1/alerts?page_size=1", 2);
    api.expect(
        200, api.get("/v1/alerts?status=open&rule=secret_leaked&since=2020-01-01T00:00:00Z"));
    api.expect(200, api.get("/v1/alerts/" + alert));
    api.expect(200, api.post("/v1/alerts/" + alert + ":acknowledge", "{\"note\":\"handled\"}"));
    api.expect(200, api.get("/v1/alert-rules"));
    api.expect(
        200, api.call("PUT", "/v1/alert-rules/secret_leaked", "{\"action\":\"disable_key\"}"));
    JsonNode dead =
        api.expect(200, api.get("/v1/webhooks/" + webhook + "/deliveries?status=dead"))
            .get("items")
            .get(0);
    api.expect(
        200,
        api.post(
            "/v1/webhooks/" + webhook + "/deliveries/" + dead.get("id").asText() + ":retry", "{}"));
    String other =
        api.get("/v1/webhooks?page_size=1").json().get("items").get(0).get("id").asText();
    api.expect(200, api.call("DELETE", "/v1/webhooks/" + other, null));
  }

  private void forwardAuth() {
    String service = id(api.expect(201, api.post("/v1/services", "{\"name\":\"gateway\"}")));
    String consumer = id(api.expect(201, api.post("/v1/consumers", "{\"name\":\"shop\"}")));
    String secret =
        api.expect(
                201,
                api.post(
                    "/v1/keys",
                    "{\"service\":\""
                        + service
                        + "\",\"consumer\":\""
                        + consumer
                        + "\",\"permissions\":[\"orders:read\"],"
                        + "\"limits\":[{\"name\":\"burst\",\"limit\":100,\"period\":\"PT1M\"}]}"))
            .get("key")
            .asText();
    Map<String, String> headers =
        Map.of("X-Latchkey-Root-Key", t.rootKey, "X-Api-Key", secret, "X-Original-Method", "GET");
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")) {
      for (String path : List.of("/v1/forward-auth?service=gateway", "/v1/forward-auth/orders")) {
        TestServer.Response r = api.call(method, path, null, headers);
        assertThat(r.status()).as(method + " " + path).isEqualTo(200);
        assertThat(r.header("X-Latchkey-Consumer")).isEqualTo(consumer);
        assertThat(r.header("RateLimit-Limit")).isEqualTo("100");
      }
    }
  }

  private void leaks() {
    String service = id(api.expect(201, api.post("/v1/services", "{\"name\":\"leaky\"}")));
    String first =
        api.expect(201, api.post("/v1/keys", "{\"service\":\"" + service + "\"}"))
            .get("key")
            .asText();
    String second =
        api.expect(201, api.post("/v1/keys", "{\"service\":\"" + service + "\"}"))
            .get("key")
            .asText();
    String digests = "{\"digests\":[\"" + LeaksApi.digestOf(first) + "\"],\"source\":\"a paste\"}";
    api.expect(200, api.post("/v1/leaks:check", digests));
    api.expect(200, api.post("/v1/leaks:revoke", digests));
    String report =
        "[{\"token\":\"" + second + "\",\"type\":\"latchkey\",\"url\":\"https://github.com/o/r\"}]";
    try {
      api.expect(
          200,
          api.call("POST", "/v1/leaks", report, GitHubReports.headers("k1", github.sign(report))));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void auditAndHealth() {
    followPages("/v1/audit-events?page_size=5", 10);
    followPages("/v1/audit-events?page_size=5&action=key.*&since=2000-01-01T00:00:00Z", 10);
    assertThat(api.expect(200, api.get("/v1/audit-events:verify")).get("valid").asBoolean())
        .isTrue();
    assertThat(api.get("/v1/audit-events:export").status()).isEqualTo(200);
    Map<String, String> none = Map.of();
    assertThat(api.expect(200, api.call("GET", "/healthz", null, none)).get("status").asText())
        .isEqualTo("ok");
    assertThat(api.expect(200, api.call("GET", "/readyz", null, none)).get("status").asText())
        .isEqualTo("ready");
    api.call("GET", "/openapi.yaml", null, none);
    TestServer.Response events = api.get("/v1/events");
    assertThat(events.status()).isEqualTo(200);
    assertThat(events.header("Content-Type")).startsWith("text/event-stream");
  }

  /** Reads a list page by page; there must be a next page for at least {@code minItems}. */
  private void followPages(String first, int minItems) {
    int items = 0;
    int pages = 0;
    String target = first;
    while (target != null) {
      JsonNode page = api.expect(200, api.get(target));
      items += page.get("items").size();
      pages++;
      JsonNode token = page.get("next_page_token");
      target =
          token == null
              ? null
              : first + "&page_token=" + URLEncoder.encode(token.asText(), StandardCharsets.UTF_8);
    }
    assertThat(items).as(first).isGreaterThanOrEqualTo(minItems);
    assertThat(pages).as(first + " pages").isGreaterThan(1);
  }

  private JsonNode issue(String body) {
    return api.expect(201, api.post("/v1/keys", body));
  }

  private String code(String secret, String service) {
    return verify(secret, service).get("code").asText();
  }

  private JsonNode verify(String secret, String service) {
    String body =
        service == null
            ? "{\"key\":\"%s\"}".formatted(secret)
            : "{\"key\":\"%s\",\"service\":\"%s\"}".formatted(secret, service);
    return api.expect(200, api.post("/v1/keys:verify", body));
  }

  private static String id(JsonNode object) {
    return object.get("id").asText();
  }

  private static String successStatus(Operation op) {
    return op.node().path("responses").properties().stream()
        .map(Map.Entry::getKey)
        .filter(code -> code.startsWith("2"))
        .findFirst()
        .orElseThrow();
  }
}
