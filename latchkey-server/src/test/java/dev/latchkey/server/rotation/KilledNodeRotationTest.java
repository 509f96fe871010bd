package dev.latchkey.server.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.api.Json;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.manage.Rotations;
import dev.latchkey.core.provider.ServerSecret;
import dev.latchkey.core.seal.Sealer;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.store.RotationRow;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.secrets.SecretStores;
import dev.latchkey.server.Main;
import dev.latchkey.store.SqlStores;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real node ({@code latchkey server} in a child process, on PostgreSQL) is killed with SIGKILL
 * while its Vault sink is receiving a rotation's new secret. Another node, in this process, takes
 * the rotation over once the dead node's lease has run out, and every secret a consumer could hold
 * (the old one, the one the dead node's write carried, the new one) verifies until the grace period
 * of the completed rotation ends.
 */
class KilledNodeRotationTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path dir;
  PostgresTestDatabase database;
  VaultThatStalls vault;
  Process child;
  final HttpClient http = HttpClient.newHttpClient();
  final String root = KeyFormat.generateRoot().reveal();
  final ServerSecret kek = Sealer.newKeyEncryptionKey();

  /** KV v2 on loopback: records every write; stalls them (never answers) until told not to. */
  static final class VaultThatStalls implements AutoCloseable {
    final List<String> written = new CopyOnWriteArrayList<>();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean stall = true;
    private int version;
    private final HttpServer server;

    VaultThatStalls() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newCachedThreadPool());
      server.createContext("/v1/secret/data/", this::handle);
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private synchronized String current() {
      return written.isEmpty() || version == 0
          ? null
          : "{\"data\":{\"data\":{\"api_key\":\""
              + written.getLast()
              + "\"},\"metadata\":{\"version\":"
              + version
              + "}}}";
    }

    private void handle(HttpExchange ex) throws IOException {
      if (ex.getRequestMethod().equals("GET")) {
        String body = current();
        answer(ex, body == null ? 404 : 200, body == null ? "{\"errors\":[]}" : body);
        return;
      }
      JsonNode request = Json.mapper().readTree(ex.getRequestBody());
      written.add(request.path("data").path("api_key").asText());
      if (stall) {
        try {
          release.await(60, TimeUnit.SECONDS); // the caller dies meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ex.close();
        return;
      }
      int v;
      synchronized (this) {
        v = ++version;
      }
      answer(ex, 200, "{\"data\":{\"version\":" + v + "}}");
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      ex.getResponseBody().write(bytes);
      ex.close();
    }

    @Override
    public void close() {
      release.countDown();
      server.stop(0);
    }
  }

  @BeforeEach
  void start() throws Exception {
    database = PostgresTestDatabase.create();
    vault = new VaultThatStalls();
  }

  @AfterEach
  void stop() throws Exception {
    if (child != null && child.isAlive()) {
      child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    vault.close();
    database.close();
  }

  URI startChild() throws Exception {
    Path kekFile = Files.writeString(dir.resolve("kek"), kek.reveal());
    Path err = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // the production logging configuration: it logs the port the node listens on
                "-Dlogback.configurationFile="
                    + Path.of(
                            Main.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                        .resolve("logback.xml"),
                Main.class.getName(),
                "server",
                "--port",
                "0",
                "--data-dir",
                dir.resolve("data").toString(),
                "--database-url",
                database.url(),
                "--encryption-key",
                "file:" + kekFile,
                "--rotation-poll",
                "PT1H")
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(err.toFile());
    pb.environment().put("LATCHKEY_BOOTSTRAP_ROOT_KEY", root);
    child = pb.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(err, StandardCharsets.UTF_8));
      if (m.find()) {
        return URI.create("http://127.0.0.1:" + m.group(1));
      }
      assertThat(child.isAlive()).as(Files.readString(err)).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError("the node did not start: " + Files.readString(err));
  }

  JsonNode post(URI base, String path, String json) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + root)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    return Json.mapper().readTree(r.body());
  }

  @Test
  void nodeKilledWhileItsSinkReceivesTheSecret_anotherTakesOver_andNoConsumerIsCutOff()
      throws Exception {
    URI a = startChild();
    String service =
        post(a, "/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}").get("id").asText();
    String sink =
        post(
                a,
                "/v1/sinks",
                "{\"name\":\"vault\",\"type\":\"vault\",\"settings\":{\"address\":\""
                    + vault.url()
                    + "\",\"path\":\"payments\"},\"credentials\":{\"token\":\"test-token\"}}")
            .get("id")
            .asText();
    JsonNode issued = post(a, "/v1/keys", "{\"service\":\"" + service + "\"}");
    String keyId = issued.get("data").get("id").asText();
    String original = issued.get("key").asText();

    // Node A rotates through the sink; Vault receives the secret and A is killed before any
    // answer, so before it could complete.
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                post(
                    a,
                    "/v1/keys/" + keyId + "/rotations",
                    "{\"sink\":\"" + sink + "\",\"grace_period\":\"PT1H\"}");
              } catch (Exception | AssertionError e) {
                // the node dies mid-request
              }
            });
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !vault.written.isEmpty());
    child.destroyForcibly(); // SIGKILL
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String fromDeadNode = vault.written.getFirst();
    vault.stall = false;

    MutableClock clock = new MutableClock(Instant.now());
    try (RotationNode b =
        new RotationNode(
            SqlStores.openPostgres(database.url()),
            clock,
            SecretStores.sinkDrivers(dir.resolve("sinks")),
            Sealer.envelope(kek, List.of()))) {
      String ws = b.store.read((Tx tx) -> tx.workspaces().firstId()).orElseThrow();
      RotationRow stuck =
          b.store.read((Tx tx) -> tx.rotations().pendingOf(ws, keyId)).orElseThrow();
      assertThat(stuck.pendingDigest()).isNotNull();
      assertThat(b.verify(ws, fromDeadNode)).isEqualTo(VerifyCode.VALID);
      assertThat(b.verify(ws, original)).isEqualTo(VerifyCode.VALID);

      assertThat(b.scheduler.runOnce()).isZero(); // the dead node's lease still holds
      clock.advance(Rotations.LEASE.plusSeconds(30));
      assertThat(b.scheduler.runOnce()).isEqualTo(1);

      String fromB = vault.written.getLast();
      assertThat(fromB).isNotEqualTo(fromDeadNode);
      RotationRow done =
          b.store
              .read((Tx tx) -> tx.rotations().find(stuck.workspaceId(), stuck.id()))
              .orElseThrow();
      assertThat(done.status()).isEqualTo(RotationRow.DONE);
      assertThat(done.attempts()).isEqualTo(2);
      assertThat(b.verify(ws, fromB)).isEqualTo(VerifyCode.VALID);
      assertThat(b.verify(ws, fromDeadNode)).isEqualTo(VerifyCode.VALID);
      assertThat(b.verify(ws, original)).isEqualTo(VerifyCode.VALID);

      clock.advance(Duration.ofHours(1).plusSeconds(1));
      assertThat(b.verify(ws, fromB)).isEqualTo(VerifyCode.VALID);
      assertThat(b.verify(ws, fromDeadNode)).isNotEqualTo(VerifyCode.VALID);
      assertThat(b.verify(ws, original)).isNotEqualTo(VerifyCode.VALID);
    }
  }
}
