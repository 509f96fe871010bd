package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * No plaintext secret appears in a log, an audit event, an error, a list or read response, or the
 * database files, across a whole lifecycle including failed requests that carry secrets.
 */
class NoSecretLeakTest {
  @TempDir Path dir;

  @Test
  void secretsAppearOnlyInTheResponsesThatIssueThem() throws IOException {
    LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.setContext(ctx);
    logs.start();
    root.addAppender(logs);
    ch.qos.logback.classic.Level before = root.getLevel();
    root.setLevel(ch.qos.logback.classic.Level.DEBUG);
    List<String> secrets = new ArrayList<>();
    List<String> exposed = new ArrayList<>();
    try (TestServer t = new TestServer(dir)) {
      secrets.add(t.rootKey);
      String svc =
          t.post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}")
              .json()
              .get("id")
              .asText();
      var created = t.post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
      String key = created.get("key").asText();
      String id = created.get("data").get("id").asText();
      secrets.add(key);
      secrets.add(t.post("/v1/keys/" + id + ":rotate", null).json().get("key").asText());
      String weak =
          t.post("/v1/root-keys", "{\"name\":\"ops\",\"permissions\":[\"keys.read\"]}")
              .json()
              .get("key")
              .asText();
      secrets.add(weak);
      var idem = Map.of("Authorization", "Bearer " + t.rootKey, "Idempotency-Key", "k1");
      secrets.add(
          new TestServer.Response(
                  0,
                  Map.of(),
                  t.call("POST", "/v1/keys", "{\"service\":\"" + svc + "\"}", idem).body())
              .json()
              .get("key")
              .asText());

      // A sink's credential, and a secret delivered to it by a rotation (and one that failed).
      String credential = "vault-token-" + "Qx7".repeat(14);
      secrets.add(credential);
      String sink =
          t.post(
                  "/v1/sinks",
                  "{\"name\":\"mem\",\"type\":\"memory\",\"credentials\":{\"token\":\""
                      + credential
                      + "\"}}")
              .json()
              .get("id")
              .asText();
      exposed.add(t.post("/v1/keys/" + id + "/rotations", "{\"sink\":\"" + sink + "\"}").body());
      secrets.add(t.sink.lastSecret(id).orElseThrow());
      String down =
          t.post(
                  "/v1/sinks",
                  "{\"name\":\"down\",\"type\":\"memory\",\"settings\":{\"fail\":\"true\"},"
                      + "\"credentials\":{\"token\":\""
                      + credential
                      + "\"}}")
              .json()
              .get("id")
              .asText();
      exposed.add(t.post("/v1/keys/" + id + "/rotations", "{\"sink\":\"" + down + "\"}").body());
      exposed.add(
          t.post(
                  "/v1/sinks",
                  "{\"name\":\"bad\",\"type\":\"memory\",\"credentials\":{\"nope\":\""
                      + credential
                      + "\"}}")
              .body());
      exposed.add(
          t.call(
                  "PATCH",
                  "/v1/sinks/" + sink,
                  "{\"credentials\":{\"token\":\"" + credential + "\"}}")
              .body());
      exposed.add(t.get("/v1/sinks").body());
      exposed.add(t.get("/v1/keys/" + id + "/rotations").body());

      // Failed requests that carry secrets in odd places.
      exposed.add(t.post("/v1/services", "{\"name\":\"x\",\"" + key + "\":1}").body());
      exposed.add(
          t.post("/v1/services", "{\"name\":\"" + key + "\",\"prefix\":\"" + key + "\"}").body());
      exposed.add(t.post("/v1/keys:verify", "{\"key\":[\"" + key + "\"]}").body());
      exposed.add(t.post("/v1/keys:verify", "{\"key\":\"" + key + "x\"}").body());
      exposed.add(t.post("/v1/keys:verify", "{\"key\":\"" + key + "\"").body());
      exposed.add(t.call("GET", "/v1/keys", null, Map.of("Authorization", "Bearer " + key)).body());
      exposed.add(t.call("GET", "/v1/" + key, null).body());
      exposed.add(t.get("/v1/keys?service=" + key).body());
      exposed.add(t.post("/v1/keys:verify", "{\"key\":\"" + key + "\"}").body());

      // Failed management calls, which the audit log records (denied, invalid).
      exposed.add(
          t.call(
                  "POST",
                  "/v1/services",
                  "{\"name\":\"" + key + "\",\"prefix\":\"p\"}",
                  Map.of("Authorization", "Bearer " + weak))
              .body());
      exposed.add(t.call("PATCH", "/v1/keys/" + key, "{\"" + key + "\":1}").body());
      exposed.add(t.call("POST", "/v1/keys/" + id + ":revoke", "{\"reason\":" + 1 + "}").body());
      String failures = t.get("/v1/audit-events?action=request.*&page_size=100").body();
      assertThat(failures).contains("request.denied").contains("request.invalid");
      exposed.add(failures);
      exposed.add(t.get("/v1/audit-events:export").body());
      exposed.add(t.get("/v1/audit-events:verify").body());

      // Everything that lists or reads.
      exposed.add(t.get("/v1/keys").body());
      exposed.add(t.get("/v1/keys/" + id).body());
      exposed.add(t.get("/v1/root-keys").body());
      exposed.add(t.get("/v1/services").body());
      exposed.add(t.get("/v1/audit-events?page_size=100").body());
      t.restart();
      exposed.add(t.console.toString(StandardCharsets.UTF_8));
    } finally {
      root.detachAppender(logs);
      root.setLevel(before);
    }
    for (ILoggingEvent e : logs.list) {
      exposed.add(e.getFormattedMessage());
      for (var p = e.getThrowableProxy(); p != null; p = p.getCause()) {
        exposed.add(p.getClassName() + ": " + p.getMessage());
      }
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        exposed.add(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(secrets).hasSize(7).allSatisfy(s -> assertThat(s).hasSizeGreaterThan(40));
    for (String text : exposed) {
      for (String secret : secrets) {
        assertThat(text).doesNotContain(secret).doesNotContain(secret.substring(8, 30));
      }
    }
    assertThat(exposed).hasSizeGreaterThan(15);
  }
}
