package dev.latchkey.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.testing.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real server on a free loopback port with its own SQLite data dir, a known root key and a clock
 * the test moves; plus a raw HTTP client, so tests see exactly what goes over the socket.
 */
public final class TestServer implements AutoCloseable {
  public final MutableClock clock = MutableClock.startingNow();
  public final String rootKey = KeyFormat.generateRoot().reveal();
  public final Path dataDir;
  public final ByteArrayOutputStream console = new ByteArrayOutputStream();

  /** The {@code memory} sink driver this server delivers rotated secrets with. */
  public final MemorySinkDriver sink = new MemorySinkDriver();

  private LatchkeyServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private final java.util.function.UnaryOperator<ServerConfig> tuning;

  public TestServer(Path dataDir) {
    this(dataDir, c -> c);
  }

  /** A server whose configuration {@code tuning} adjusts (after the test defaults). */
  public TestServer(Path dataDir, java.util.function.UnaryOperator<ServerConfig> tuning) {
    this.dataDir = dataDir;
    this.tuning = tuning;
    this.server = start();
  }

  private LatchkeyServer start() {
    return LatchkeyServer.start(
        tuning.apply(
            ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dataDir)
                .withBootstrapRootKey(rootKey)
                .withClock(clock)
                .withConsole(new PrintStream(console, true, StandardCharsets.UTF_8))
                // Webhooks may reach receivers on loopback; tests drive the dispatcher themselves.
                .withWebhooks(
                    WebhookSettings.defaults().withAllowed("127.0.0.1/32").withoutDispatch())
                // Sinks in memory besides the real ones; tests run rotation rounds.
                .withSinkDrivers(java.util.List.of(sink))
                .withRotation(RotationSettings.defaults().withoutSchedule())));
  }

  /** Starts again after {@link #close()}, on the same data, root key and clock (a new port). */
  public void startAgain() {
    server = start();
  }

  /** Stops gracefully and starts again on the same data, root key and clock (a new port). */
  public void restart() {
    server.close();
    server = start();
  }

  public LatchkeyServer server() {
    return server;
  }

  public URI uri() {
    return server.uri();
  }

  /** The Java SDK's client of this server, with its root key; the caller closes it. */
  public dev.latchkey.client.LatchkeyClient client() {
    return client(rootKey);
  }

  /** The Java SDK's client of this server, with {@code key}; the caller closes it. */
  public dev.latchkey.client.LatchkeyClient client(String key) {
    return dev.latchkey.client.LatchkeyClient.builder()
        .baseUri(uri())
        .rootKey(key)
        .timeout(java.time.Duration.ofSeconds(5))
        .build();
  }

  /** A response as received: status, headers, body text and, when JSON, the parsed body. */
  public record Response(int status, Map<String, java.util.List<String>> headers, String body) {
    public JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().getFirst())
          .findFirst()
          .orElse(null);
    }
  }

  /** Sends with the bootstrap root key. */
  public Response call(String method, String path, String jsonBody) {
    return call(method, path, jsonBody, Map.of("Authorization", "Bearer " + rootKey));
  }

  public Response call(String method, String path, String body, Map<String, String> headers) {
    return call(uri(), method, path, body, headers);
  }

  /** The base URI of the forward-auth listener; the server must have been started with one. */
  public URI forwardAuthUri() {
    return URI.create("http://127.0.0.1:" + server.forwardAuthPort().orElseThrow());
  }

  /** Sends to the listener at {@code base} (the API's, or another of this server's). */
  public Response call(
      URI base, String method, String path, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path));
    HttpRequest.BodyPublisher publisher =
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    b.method(method, publisher);
    if (body != null
        && headers.keySet().stream().noneMatch(h -> h.equalsIgnoreCase("Content-Type"))) {
      b.header("Content-Type", "application/json");
    }
    headers.forEach(b::header);
    try {
      HttpResponse<java.io.InputStream> r =
          http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
      try (java.io.InputStream in = r.body()) {
        boolean endless =
            r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream");
        // An event stream never ends: its headers are the answer; closing it ends the stream.
        String text = endless ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return new Response(r.statusCode(), r.headers().map(), text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Response get(String path) {
    return call("GET", path, null);
  }

  public Response post(String path, String json) {
    return call("POST", path, json);
  }

  /** Creates a service, consumer and key; returns the create-key response. */
  public JsonNode newKey(String serviceName) {
    String svc =
        post("/v1/services", "{\"name\":\"" + serviceName + "\",\"prefix\":\"t\"}")
            .json()
            .get("id")
            .asText();
    return post("/v1/keys", "{\"service\":\"" + svc + "\"}").json();
  }

  public JsonNode verify(String key) {
    return post("/v1/keys:verify", "{\"key\":\"" + key + "\"}").json();
  }

  /** The workspace of the bootstrap root key. */
  public String workspaceId() {
    return ((dev.latchkey.core.verify.Authentication.Authenticated)
            server.verifier().authenticate(rootKey))
        .principal()
        .workspaceId();
  }

  /** Raises an alert of {@code rule} about a key now, as a detection rule would; returns its id. */
  public String raiseAlert(String rule, String keyId, String dedupKey) {
    return server
        .alerts()
        .raiseNow(
            new dev.latchkey.core.store.AlertSignal(
                workspaceId(), rule, "warning", "key", keyId, dedupKey, Map.of(), clock.instant()))
        .id();
  }

  /** Attempts the webhook deliveries due now; returns how many were attempted. */
  public int deliverDue() {
    return server.dispatcher().runOnce();
  }

  /** Runs one round of the rotation scheduler now; returns how many rotations ran. */
  public int rotateDue() {
    return server.rotationScheduler().runOnce();
  }

  @Override
  public void close() {
    server.close();
  }
}
