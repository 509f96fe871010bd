package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The answers to a security review: each test pins one finding. */
class HardeningTest {
  @TempDir Path dir;
  TestServer t;

  @BeforeEach
  void start() {
    t = new TestServer(dir);
  }

  @AfterEach
  void stop() {
    t.close();
  }

  private TestServer.Response as(String rootKey, String method, String path, String body) {
    return t.call(method, path, body, Map.of("Authorization", "Bearer " + rootKey));
  }

  private JsonNode rootKey(String permissions, String extra) {
    TestServer.Response r =
        t.post(
            "/v1/root-keys", "{\"name\":\"k\",\"permissions\":[" + permissions + "]" + extra + "}");
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  @Test
  void narrowRootKey_cannotRevokeABroaderOne_andTheLastWildcardKeyStays() {
    JsonNode narrow = rootKey("\"root_keys.write\",\"root_keys.read\"", "");
    String bootstrapId =
        t.get("/v1/root-keys?page_size=100").json().get("items").get(1).get("id").asText();
    TestServer.Response refused =
        as(narrow.get("key").asText(), "POST", "/v1/root-keys/" + bootstrapId + ":revoke", "{}");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(t.get("/v1/keys").status()).as("the bootstrap key still works").isEqualTo(200);

    TestServer.Response last = t.post("/v1/root-keys/" + bootstrapId + ":revoke", "{}");
    assertThat(last.status()).as(last.body()).isEqualTo(409);
    JsonNode second = rootKey("\"*\"", "");
    assertThat(t.post("/v1/root-keys/" + bootstrapId + ":revoke", "{}").status()).isEqualTo(200);
    assertThat(as(second.get("key").asText(), "GET", "/v1/keys", null).status()).isEqualTo(200);
  }

  @Test
  void rootKeys_cannotOutliveTheirCreator() {
    String expiry = t.clock.instant().plus(Duration.ofHours(1)).toString();
    String parent =
        rootKey("\"root_keys.write\",\"keys.read\"", ",\"expires_at\":\"" + expiry + "\"")
            .get("key")
            .asText();
    String later = t.clock.instant().plus(Duration.ofHours(2)).toString();
    assertThat(
            as(
                    parent,
                    "POST",
                    "/v1/root-keys",
                    "{\"name\":\"c\",\"permissions\":[\"keys.read\"],\"expires_at\":\""
                        + later
                        + "\"}")
                .status())
        .isEqualTo(403);
    JsonNode child =
        as(parent, "POST", "/v1/root-keys", "{\"name\":\"c\",\"permissions\":[\"keys.read\"]}")
            .json();
    assertThat(child.get("data").get("expires_at").asText())
        .as("inherits the creator's expiry")
        .isEqualTo(expiry);
    t.clock.advance(Duration.ofHours(1));
    assertThat(as(child.get("key").asText(), "GET", "/v1/keys", null).status()).isEqualTo(401);
  }

  @Test
  void sameIdempotencyKey_fromAnotherRootKey_isAnotherRequest_andRecordsExpire() {
    String svc = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    String other = rootKey("\"keys.create\",\"keys.read\"", "").get("key").asText();
    String body = "{\"service\":\"" + svc + "\"}";
    Map<String, String> mine =
        Map.of("Authorization", "Bearer " + t.rootKey, "Idempotency-Key", "same");
    Map<String, String> theirs =
        Map.of("Authorization", "Bearer " + other, "Idempotency-Key", "same");
    String first = t.call("POST", "/v1/keys", body, mine).json().get("key").asText();
    TestServer.Response theirsFirst = t.call("POST", "/v1/keys", body, theirs);
    assertThat(theirsFirst.header("Idempotent-Replayed")).isNull();
    assertThat(theirsFirst.json().get("key").asText()).isNotEqualTo(first);
    assertThat(t.call("POST", "/v1/keys", body, mine).json().get("key").asText()).isEqualTo(first);
    t.clock.advance(Duration.ofHours(25));
    TestServer.Response afterRetention = t.call("POST", "/v1/keys", body, mine);
    assertThat(afterRetention.header("Idempotent-Replayed")).isNull();
    assertThat(afterRetention.json().get("key").asText()).isNotEqualTo(first);
  }

  @Test
  void jsonIsTakenExactly() {
    JsonNode consumer =
        t.post(
                "/v1/consumers",
                "{\"name\":\"c\",\"meta\":{\"gone\":null,\"huge\":1e400,\"list\":[null]}}")
            .json();
    assertThat(consumer.get("meta").has("gone")).isTrue();
    assertThat(consumer.get("meta").get("huge").isNumber()).isTrue();
    String id = consumer.get("id").asText();
    assertThat(
            t.get("/v1/consumers/" + id).json().get("meta").get("huge").decimalValue().toString())
        .isEqualTo("1E+400");
    assertThat(t.post("/v1/services", "{\"name\":\"a\",\"name\":\"b\"}").status()).isEqualTo(400);
    String svc = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    TestServer.Response numeric =
        t.post("/v1/keys", "{\"service\":\"" + svc + "\",\"expires_at\":4102444800}");
    assertThat(numeric.status()).isEqualTo(400);
    assertThat(numeric.json().get("errors").get(0).get("field").asText()).isEqualTo("expires_at");
    TestServer.Response farFuture =
        t.post(
            "/v1/keys",
            "{\"service\":\"" + svc + "\",\"expires_at\":\"+300000000-01-01T00:00:00Z\"}");
    assertThat(farFuture.status()).as(farFuture.body()).isEqualTo(400);
  }

  @Test
  void names_areNfc_andRefuseInvisibleFormatting() {
    assertThat(t.post("/v1/services", "{\"name\":\"caf\u00e9\"}").status()).isEqualTo(201);
    TestServer.Response decomposed = t.post("/v1/services", "{\"name\":\"cafe\u0301\"}");
    assertThat(decomposed.status()).as("the same name in NFD").isEqualTo(409);
    TestServer.Response rtl = t.post("/v1/services", "{\"name\":\"evil\u202Egnp.exe\"}");
    assertThat(rtl.status()).isEqualTo(400);
    assertThat(t.post("/v1/services", "{\"name\":\"bad\\ud800\"}").status()).isEqualTo(400);
    assertThat(t.post("/v1/services", "{\"name\":\"\u2615 coffee \uD83D\uDE00\"}").status())
        .isEqualTo(201);
  }

  @Test
  void patch_refusesNullWhereNothingCanBeCleared_andEmptyBodies() {
    String svc = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    String key =
        t.post("/v1/keys", "{\"service\":\"" + svc + "\",\"name\":\"n\"}")
            .json()
            .get("data")
            .get("id")
            .asText();
    // Mutation events: the refused calls add only their own request.invalid events.
    String mutations = "/v1/audit-events?page_size=100&action=key.*";
    int events = t.get(mutations).json().get("items").size();
    TestServer.Response nullName = t.call("PATCH", "/v1/keys/" + key, "{\"name\":null}");
    assertThat(nullName.status()).isEqualTo(400);
    assertThat(nullName.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
    assertThat(t.call("PATCH", "/v1/keys/" + key, "{}").status()).isEqualTo(400);
    assertThat(t.call("PATCH", "/v1/services/" + svc, "{\"prefix\":null}").status()).isEqualTo(400);
    assertThat(t.get(mutations).json().get("items")).hasSize(events);
    assertThat(t.get("/v1/audit-events?action=request.invalid").json().get("items")).hasSize(3);
  }

  @Test
  void subMillisecondGrace_isKeptToTheMillisecond() {
    String svc = t.post("/v1/services", "{\"name\":\"s\"}").json().get("id").asText();
    JsonNode created = t.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
    String id = created.get("data").get("id").asText();
    JsonNode rotated =
        t.post("/v1/keys/" + id + ":rotate", "{\"grace_period\":\"PT0.0000001S\"}").json();
    assertThat(rotated.get("data").get("rotation").get("grace_ends_at").asText())
        .isEqualTo(t.get("/v1/keys/" + id).json().get("rotation").get("grace_ends_at").asText());
    assertThat(t.verify(created.get("key").asText()).get("code").asText()).isEqualTo("EXPIRED");
  }

  @Test
  void malformedHttp_getsProblems_notBareErrors() throws IOException {
    TestServer.Response badType =
        t.call(
            "POST",
            "/v1/services",
            "{\"name\":\"x\"}",
            Map.of("Authorization", "Bearer " + t.rootKey, "Content-Type", ";;;"));
    assertThat(badType.status()).isBetween(400, 499);
    assertThat(badType.header("Content-Type")).startsWith("application/problem+json");
    String raw = rawRequest("GET /v1/keys/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 400");
    assertThat(raw)
        .containsIgnoringCase("content-type: application/problem+json")
        .containsIgnoringCase("x-request-id: req_");
  }

  @Test
  void tooLongARequestLine_orHeaderBlock_getsAProblem_notA500() throws IOException {
    String line = rawRequest("GET /v1/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(line).startsWith("HTTP/1.1 414");
    assertThat(line)
        .containsIgnoringCase("content-type: application/problem+json")
        .contains("urn:latchkey:problem:uri-too-long")
        .doesNotContain("aaaa");
    String headers =
        rawRequest("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(17000) + "\r\n\r\n");
    // Helidon refuses a header block over its bound as a malformed request.
    assertThat(headers).startsWith("HTTP/1.1 400");
    assertThat(headers)
        .containsIgnoringCase("content-type: application/problem+json")
        .contains("urn:latchkey:problem:invalid-request")
        .doesNotContain("bbbb");
  }

  private String rawRequest(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", t.uri().getPort())) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void dataDir_isPrivate_andServesOneNodeAtATime() throws IOException {
    Path fresh = dir.resolve("fresh");
    try (TestServer other = new TestServer(fresh)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)))
          .isEqualTo("rwx------");
      assertThat(other.get("/healthz").status()).isEqualTo(200);
    }
    assertThatThrownBy(() -> new TestServer(dir))
        .hasMessageContaining("another Latchkey server")
        .hasMessageContaining(dir.toAbsolutePath().toString());
  }

  @Test
  void failedBootstrapDelivery_commitsNothing_soTheNextStartBootstrapsAgain() throws IOException {
    Path data = dir.resolve("undeliverable");
    Files.createDirectories(data.resolve("bootstrap-root-key").resolve("blocker"));
    java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
    ServerConfig config =
        ServerConfig.defaults()
            .withPort(0)
            .withDataDir(data)
            .withConsole(new java.io.PrintStream(console, true, StandardCharsets.UTF_8));
    assertThatThrownBy(() -> LatchkeyServer.start(config)).isNotNull();
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain("lk_root_");
    Files.delete(data.resolve("bootstrap-root-key").resolve("blocker"));
    Files.delete(data.resolve("bootstrap-root-key"));
    try (LatchkeyServer server = LatchkeyServer.start(config)) {
      String key = Files.readString(data.resolve("bootstrap-root-key")).strip();
      assertThat(console.toString(StandardCharsets.UTF_8)).contains(key);
    }
  }
}
