package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import dev.latchkey.core.secret.KeyFormat;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole node as operators run it: {@code latchkey server} in a child process at DEBUG, in text
 * and in JSON log format, with the metrics listener on. A full lifecycle (services, consumers,
 * keys, root keys, rotation, revocation, verification of valid, malformed, unknown and revoked
 * keys, forward-auth, and failed calls carrying keys in the wrong places) runs against it; then
 * everything it wrote (standard output, standard error, its data files, every response that was not
 * the one issuing a secret, the metrics text) is searched for every secret the run created. None
 * may appear.
 */
class ChildProcessLeakTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> secrets = new ArrayList<>();
  private final Map<String, String> output = new LinkedHashMap<>();
  private URI base;
  private String root;

  @ParameterizedTest
  @ValueSource(strings = {"text", "json"})
  void fullRunAtDebug_writesNoSecretAnywhere(String format) throws Exception {
    root = KeyFormat.generateRoot().reveal();
    secrets.add(root);
    Path out = dir.resolve("stdout.txt");
    Path err = dir.resolve("stderr.txt");
    Path data = dir.resolve("data");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                // the production logging configuration, not a test jar's logback-test.xml
                "-Dlogback.configurationFile=" + productionLogbackXml(),
                Main.class.getName(),
                "server",
                "--port",
                "0",
                "--metrics-port",
                "0",
                "--data-dir",
                data.toString(),
                "--log-format",
                format,
                "--access-log",
                "true")
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().put("LATCHKEY_LOG_LEVEL", "DEBUG");
    pb.environment().put("LATCHKEY_BOOTSTRAP_ROOT_KEY", root);
    pb.environment().remove("LATCHKEY_LOG_FORMAT");
    Process node = pb.start();
    int metricsPort;
    try {
      base = URI.create("http://127.0.0.1:" + awaitPort(err, LISTENING, node));
      metricsPort = awaitPort(err, METRICS, node);
      lifecycle();
      output.put(
          "metrics",
          send("GET", URI.create("http://127.0.0.1:" + metricsPort + "/metrics"), null, Map.of())
              .body());
    } finally {
      node.destroy(); // SIGTERM: the graceful stop logs too
      if (!node.waitFor(30, TimeUnit.SECONDS)) {
        node.destroyForcibly();
      }
    }
    output.put("stdout", Files.readString(out, StandardCharsets.UTF_8));
    output.put("stderr", Files.readString(err, StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.walk(data)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        output.put(f.toString(), new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
      }
    }

    assertThat(secrets.size()).isEqualTo(6);
    String stderr = output.get("stderr");
    // The run was really at DEBUG, in the format asked, with an access log line per request.
    assertThat(stderr).contains("root key rejected");
    assertThat(stderr).contains("/v1/keys/{id}:rotate").contains("/v1/forward-auth");
    if (format.equals("json")) {
      assertThat(stderr.lines().filter(l -> l.startsWith("{")))
          .allSatisfy(l -> assertThat(Json.mapper().readTree(l).get("level")).isNotNull());
      assertThat(stderr).contains("\"request_id\":\"req_");
    } else {
      assertThat(stderr).contains(" [req_").contains(" [-] ");
    }
    assertThat(SecretGrep.leaks(secrets, output)).isEmpty();
  }

  private void lifecycle() throws Exception {
    String svc =
        created(post("/v1/services", "{\"name\":\"payments\",\"prefix\":\"pay\"}"))
            .get("id")
            .asText();
    String con = created(post("/v1/consumers", "{\"name\":\"orders\"}")).get("id").asText();
    JsonNode k1 =
        issued(post("/v1/keys", "{\"service\":\"" + svc + "\",\"consumer\":\"" + con + "\"}"));
    String key1 = k1.get("key").asText();
    String id1 = k1.get("data").get("id").asText();
    JsonNode k2 =
        issued(
            call(
                "POST",
                "/v1/keys",
                "{\"service\":\"" + svc + "\"}",
                Map.of("Authorization", "Bearer " + root, "Idempotency-Key", "idem-1")));
    String key2 = k2.get("key").asText();
    String id2 = k2.get("data").get("id").asText();
    String key1b =
        issued(post("/v1/keys/" + id1 + ":rotate", "{\"grace_period\":\"PT1H\"}"))
            .get("key")
            .asText();
    JsonNode gw =
        issued(post("/v1/root-keys", "{\"name\":\"gateway\",\"permissions\":[\"keys.verify\"]}"));
    String gateway = gw.get("key").asText();
    String gatewayId = gw.get("data").get("id").asText();
    String unknown = KeyFormat.generate("pay").reveal(); // well formed, never stored
    secrets.add(unknown);

    expectCode(verify(key1), "VALID"); // the previous secret, in its grace period
    expectCode(verify(key1b), "VALID");
    expectCode(verify(key1b), "VALID"); // from the cache
    expectCode(verify(key1b + "x"), "MALFORMED");
    expectCode(verify(unknown), "NOT_FOUND");
    keep(post("/v1/keys/" + id2 + ":revoke", "{\"reason\":\"leaked\"}"));
    expectCode(verify(key2), "REVOKED");
    keep(post("/v1/keys:verify", "{\"key\":\"" + key1b + "\",\"service\":\"" + key2 + "\"}"));
    keep(post("/v1/keys:verify", "{\"key\":\"" + root + "\"}"));

    // forward-auth as a gateway asks it: allowed, denied, and keys where they do not belong
    assertThat(forward(Map.of("X-Latchkey-Root-Key", gateway, "X-Api-Key", key1b)).statusCode())
        .isEqualTo(200);
    assertThat(forward(Map.of("X-Latchkey-Root-Key", gateway, "X-Api-Key", key2)).statusCode())
        .isEqualTo(401);
    assertThat(
            forward(Map.of("X-Latchkey-Root-Key", gateway, "Authorization", "Bearer " + key1b))
                .statusCode())
        .isEqualTo(200);
    keep(forward(Map.of("X-Latchkey-Root-Key", key1b, "X-Api-Key", key1b)));
    keep(forward(Map.of("X-Latchkey-Root-Key", gateway, "X-Api-Key", "Bearer " + key1b)));
    keep(
        send(
            "GET",
            base.resolve("/v1/forward-auth?key=" + key1b),
            null,
            Map.of("X-Latchkey-Root-Key", gateway)));

    // failed management calls carrying keys in the wrong places
    keep(call("GET", "/v1/keys", null, Map.of("Authorization", "Bearer " + key1b)));
    keep(call("GET", "/v1/keys", null, Map.of("Authorization", key1b)));
    keep(
        call(
            "GET",
            "/v1/keys",
            null,
            Map.of("X-Api-Key", key1b, "X-Request-Id", key1b, "User-Agent", key1b)));
    keep(call("GET", "/v1/keys/" + key1b, null, Map.of("Authorization", "Bearer " + root)));
    keep(call("GET", "/v1/" + key1b + "?x=" + key1b, null, Map.of()));
    keep(call("GET", "/v1/keys?service=" + key1b, null, Map.of("Authorization", "Bearer " + root)));
    keep(post("/v1/services", "{\"name\":\"x\",\"" + key1b + "\":1}"));
    keep(post("/v1/services", "{\"name\":\"" + key1b + "\",\"prefix\":\"" + key1b + "\"}"));
    keep(post("/v1/keys:verify", "{\"key\":[\"" + key1b + "\"]}"));
    keep(post("/v1/keys:verify", "{\"key\":\"" + key1b + "\""));
    keep(
        call(
            "POST",
            "/v1/keys",
            "{\"service\":\"" + svc + "\"}",
            Map.of(
                "Authorization",
                "Bearer " + root,
                "Idempotency-Key",
                key1b,
                "Content-Type",
                "text/plain")));
    keep(call(key1b, "/v1/keys", null, Map.of("Authorization", "Bearer " + root)));

    // reads, then the gateway's root key revoked and refused
    keep(call("GET", "/v1/keys", null, Map.of("Authorization", "Bearer " + root)));
    keep(call("GET", "/v1/root-keys", null, Map.of("Authorization", "Bearer " + root)));
    keep(
        call(
            "GET",
            "/v1/audit-events?page_size=100",
            null,
            Map.of("Authorization", "Bearer " + root)));
    keep(post("/v1/root-keys/" + gatewayId + ":revoke", "{}"));
    assertThat(forward(Map.of("X-Latchkey-Root-Key", gateway, "X-Api-Key", key1b)).statusCode())
        .isEqualTo(401);
  }

  private static Path productionLogbackXml() throws Exception {
    Path classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path xml = classes.resolve("logback.xml");
    assertThat(xml).exists();
    return xml;
  }

  private static int awaitPort(Path log, Pattern line, Process node) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return Integer.parseInt(m.group(1));
      }
      if (!node.isAlive()) {
        throw new AssertionError("the node exited: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the node did not start in 60 s: " + Files.readString(log));
  }

  private JsonNode created(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    keep(r); // a service or consumer response holds no secret
    return Json.mapper().readTree(r.body());
  }

  /** A response that issues a secret: the one place it may appear; remembered as a secret. */
  private JsonNode issued(HttpResponse<String> r) throws IOException {
    assertThat(r.statusCode()).as("status").isBetween(200, 201);
    JsonNode body = Json.mapper().readTree(r.body());
    secrets.add(body.get("key").asText());
    return body;
  }

  private void expectCode(HttpResponse<String> r, String code) throws IOException {
    keep(r);
    assertThat(Json.mapper().readTree(r.body()).get("code").asText()).isEqualTo(code);
  }

  private void keep(HttpResponse<String> r) {
    output.put(
        "response " + output.size() + " " + r.request().method(),
        r.headers().map() + "\n" + r.body());
  }

  private HttpResponse<String> verify(String key) throws Exception {
    return post("/v1/keys:verify", "{\"key\":\"" + key + "\"}");
  }

  private HttpResponse<String> forward(Map<String, String> headers) throws Exception {
    HttpResponse<String> r = send("GET", base.resolve("/v1/forward-auth"), null, headers);
    keep(r);
    return r;
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return call("POST", path, json, Map.of("Authorization", "Bearer " + root));
  }

  private HttpResponse<String> call(
      String method, String path, String body, Map<String, String> headers) throws Exception {
    return send(method, base.resolve(path), body, headers);
  }

  private HttpResponse<String> send(
      String method, URI uri, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (body != null
        && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
