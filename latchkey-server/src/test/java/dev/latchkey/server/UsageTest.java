package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Key;
import dev.latchkey.api.Usage;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.api.VerifyKey;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.UsageQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Usage per key through a real socket with the SDK: {@code keys:verify} counts by key, service and
 * outcome, {@code GET /v1/keys/{id}/usage} and {@code GET /v1/services/{id}/usage} answer the
 * series, keys show their last use; bad parameters are 400s naming them; a confined root key sees
 * only its services. Counts are flushed as the server's one-second job would, the clock is moved.
 */
class UsageTest {
  @TempDir Path dir;
  TestServer t;
  LatchkeyClient client;
  String serviceA;
  String serviceB;
  String keyA;
  String secretA;
  String keyB;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    // A fixed point in a minute, so that the test's verifications share their minute.
    t.clock.set(Instant.now().truncatedTo(ChronoUnit.HOURS).plusSeconds(600));
    tick();
    client = t.client();
    serviceA = client.services().create(new CreateService("orders", "ord")).id();
    serviceB = client.services().create(new CreateService("billing", "bil")).id();
    var issued = client.keys().create(CreateKey.of(serviceA));
    keyA = issued.data().id();
    secretA = issued.key();
    keyB = client.keys().create(CreateKey.of(serviceB)).data().id();
  }

  /** What the node's usage clock does every 100 ms, at once: the test has moved the clock. */
  private void tick() {
    t.server().verifier().usageCounts().tick();
  }

  @AfterEach
  void stop() {
    client.close();
    t.close();
  }

  private VerifyCode verify(String secret, String service, String ip) {
    VerifyKey.Context context =
        ip == null
            ? null
            : new VerifyKey.Context(new VerifyKey.Request(ip, null, null, null, null));
    return client.keys().verify(VerifyKey.of(secret, service, null, context)).code();
  }

  @Test
  void verifications_areCountedByKeyServiceAndOutcome() {
    assertThat(verify(secretA, null, "10.1.1.1")).isEqualTo(VerifyCode.VALID);
    assertThat(verify(secretA, null, "10.1.1.1")).isEqualTo(VerifyCode.VALID);
    assertThat(verify(secretA, serviceB, null)).isEqualTo(VerifyCode.WRONG_SERVICE);
    assertThat(verify("ord_" + "x".repeat(38), null, null)).isEqualTo(VerifyCode.MALFORMED);
    t.server().verifier().flushUsage();

    Usage key = client.keys().usage(keyA, UsageQuery.by("minute"));
    assertThat(key.key()).isEqualTo(keyA);
    assertThat(key.total()).isEqualTo(3);
    assertThat(key.buckets()).as("the last hour and the current minute").hasSize(61);
    Instant minute = t.clock.instant().truncatedTo(ChronoUnit.MINUTES);
    Usage.Bucket now =
        key.buckets().stream().filter(b -> b.start().equals(minute)).findFirst().orElseThrow();
    assertThat(now.outcomes()).isEqualTo(Map.of("VALID", 2L, "WRONG_SERVICE", 1L));

    Usage a = client.services().usage(serviceA, UsageQuery.defaults());
    assertThat(a.granularity()).isEqualTo("hour");
    assertThat(a.buckets()).hasSize(25);
    assertThat(a.total()).isEqualTo(3);
    assertThat(client.services().usage(serviceB, UsageQuery.by("day")).total())
        .as("a key of A presented for B counts for A, the key's service")
        .isZero();
  }

  @Test
  void keys_showTheirLastUseAndClientAddress() {
    assertThat(client.keys().get(keyA).lastUsedAt()).isNull();
    verify(secretA, null, "10.1.1.1");
    t.server().verifier().flushUsage();

    Key shown = client.keys().get(keyA);
    assertThat(shown.lastUsedAt()).isEqualTo(t.clock.instant());
    assertThat(shown.lastClientAddress()).isEqualTo("10.1.1.1");
    assertThat(
            client
                .keys()
                .listAll(dev.latchkey.client.KeyFilter.any())
                .filter(k -> k.id().equals(keyA))
                .findFirst())
        .hasValueSatisfying(k -> assertThat(k.lastClientAddress()).isEqualTo("10.1.1.1"));

    t.clock.advance(Duration.ofSeconds(2));
    tick();
    verify(secretA, null, null); // no client address: the caller's own
    t.server().verifier().flushUsage();
    assertThat(client.keys().get(keyA).lastClientAddress()).isEqualTo("127.0.0.1");
  }

  @Test
  void forwardAuth_countsToo_withTheForwardedClientAddress() {
    TestServer.Response r =
        t.call(
            "GET",
            "/v1/forward-auth",
            null,
            Map.of(
                "X-Latchkey-Root-Key",
                t.rootKey,
                "X-Api-Key",
                secretA,
                "X-Forwarded-For",
                "192.0.2.44")); // from loopback, a trusted proxy by default
    assertThat(r.status()).isEqualTo(200);
    t.call(
        "GET",
        "/v1/forward-auth",
        null,
        Map.of("X-Latchkey-Root-Key", t.rootKey, "X-Api-Key", "ord_" + "y".repeat(38)));
    t.server().verifier().flushUsage();

    assertThat(client.keys().get(keyA).lastClientAddress()).isEqualTo("192.0.2.44");
    Usage usage = client.keys().usage(keyA, UsageQuery.by("minute"));
    assertThat(usage.total()).isEqualTo(1);
  }

  @Test
  void hourAndDaySeries_includeOpenAndRolledUpPeriods() {
    verify(secretA, null, null);
    t.server().verifier().flushUsage();
    t.clock.advance(Duration.ofHours(5)); // the hour is past the window summed from minutes
    assertThat(t.server().rollUpUsage().ran()).isTrue();
    tick();
    verify(secretA, null, null);
    t.server().verifier().flushUsage();

    Usage hours = client.keys().usage(keyA, UsageQuery.by("hour"));
    assertThat(hours.total()).isEqualTo(2);
    assertThat(hours.buckets().stream().filter(b -> b.total() == 1)).hasSize(2);
    assertThat(
            client
                .keys()
                .usage(
                    keyA, UsageQuery.by("day").since(t.clock.instant().minus(Duration.ofDays(3))))
                .total())
        .isEqualTo(2);
  }

  @Test
  void badParameters_are400sNamingThem_andTooManyBucketsToo() {
    assertProblem("/v1/keys/" + keyA + "/usage?granularity=week", "granularity");
    assertProblem("/v1/keys/" + keyA + "/usage?since=yesterday", "since");
    assertProblem("/v1/services/" + serviceA + "/usage?until=2026-13-01T00:00:00Z", "until");
    assertProblem(
        "/v1/keys/" + keyA + "/usage?since=2026-03-02T00:00:00Z&until=2026-03-01T00:00:00Z",
        "since");
    assertProblem(
        "/v1/keys/"
            + keyA
            + "/usage?granularity=minute&since=2026-03-01T00:00:00Z"
            + "&until=2026-03-03T00:00:00Z",
        "since");
    assertProblem("/v1/keys/" + keyA + "/usage?since=%2B999999999-01-01T00:00:00Z", "since");
    assertProblem("/v1/keys/" + keyA + "/usage?until=-0001-01-01T00:00:00Z", "until");
    assertProblem(
        "/v1/services/"
            + serviceA
            + "/usage?granularity=day&since=1970-01-01T00:00:00Z"
            + "&until=9999-12-31T00:00:00Z",
        "since");
    assertThat(t.get("/v1/keys/nope/usage").status()).isEqualTo(400);
    assertThat(
            t.get(
                    "/v1/keys/"
                        + keyA
                        + "/usage?granularity=minute&since=2026-03-01T00:00:00Z"
                        + "&until=2026-03-02T00:00:00Z")
                .status())
        .as("exactly 1440 buckets")
        .isEqualTo(200);
  }

  private void assertProblem(String path, String field) {
    TestServer.Response r = t.get(path);
    assertThat(r.status()).as(r.body()).isEqualTo(400);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    JsonNode errors = r.json().get("errors");
    assertThat(errors.get(0).get("field").asText()).isEqualTo(field);
  }

  @Test
  void aRootKeyConfinedToA_readsAsUsage_andNotBs() {
    String confined =
        t.post(
                "/v1/root-keys",
                "{\"name\":\"a-usage\",\"permissions\":[\"usage.read\"],\"services\":[\""
                    + serviceA
                    + "\"]}")
            .json()
            .get("key")
            .asText();
    String keysOnly =
        t.post("/v1/root-keys", "{\"name\":\"reader\",\"permissions\":[\"keys.read\"]}")
            .json()
            .get("key")
            .asText();
    Map<String, String> asConfined = Map.of("Authorization", "Bearer " + confined);
    assertThat(t.call("GET", "/v1/keys/" + keyA + "/usage", null, asConfined).status())
        .isEqualTo(200);
    assertThat(t.call("GET", "/v1/services/" + serviceA + "/usage", null, asConfined).status())
        .isEqualTo(200);
    assertThat(t.call("GET", "/v1/keys/" + keyB + "/usage", null, asConfined).status())
        .isEqualTo(404);
    assertThat(t.call("GET", "/v1/services/" + serviceB + "/usage", null, asConfined).status())
        .isEqualTo(404);
    assertThat(
            t.call(
                    "GET",
                    "/v1/keys/" + keyA + "/usage",
                    null,
                    Map.of("Authorization", "Bearer " + keysOnly))
                .status())
        .as("keys.read alone does not read usage")
        .isEqualTo(403);
  }
}
