package dev.latchkey.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.server.LatchkeyServer;
import dev.latchkey.server.TestServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One running node of a test cluster, and a raw HTTP client for it that sends as {@link #rootKey}:
 * tests see exactly what goes over the socket. Every request has a timeout, so no test can hang on
 * a node. Thread-safe.
 */
final class Node {
  /** Longer than any answer may take: a cut-off store gives up within 3 s. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  final String name;
  final LatchkeyServer server;
  final Path dataDir;
  final String rootKey;
  private final ByteArrayOutputStream console;

  Node(
      String name,
      LatchkeyServer server,
      Path dataDir,
      ByteArrayOutputStream console,
      String rootKey) {
    this.name = name;
    this.server = server;
    this.dataDir = dataDir;
    this.console = console;
    this.rootKey = rootKey;
  }

  /** The same node, calling with another root key. */
  Node as(String otherRootKey) {
    return new Node(name, server, dataDir, console, otherRootKey);
  }

  @Override
  public String toString() {
    return "node " + name; // never the root key
  }

  URI uri() {
    return server.uri();
  }

  /** What the node printed to its console. */
  String console() {
    return console.toString(StandardCharsets.UTF_8);
  }

  Response get(String path) {
    return call("GET", path, null, Map.of());
  }

  Response post(String path, String json) {
    return call("POST", path, json, Map.of());
  }

  Response patch(String path, String json) {
    return call("PATCH", path, json, Map.of());
  }

  Response verify(String key) {
    return post("/v1/keys:verify", "{\"key\":\"" + key + "\"}");
  }

  /**
   * What verifying {@code key} answers: the verdict code (VALID, REVOKED…) when the node answered
   * 200, else {@code HTTP <status>}.
   */
  String verdict(String key) {
    Response r = verify(key);
    return r.status() == 200 ? r.json().get("code").asText() : "HTTP " + r.status();
  }

  /** Creates a service; returns its id. */
  String newService(String serviceName) {
    Response r = post("/v1/services", "{\"name\":\"" + serviceName + "\",\"prefix\":\"t\"}");
    return created(r).get("id").asText();
  }

  /** Creates a key of {@code serviceId}, with extra fields (JSON members, or empty). */
  IssuedKey newKey(String serviceId, String extraFields) {
    String body =
        "{\"service\":\""
            + serviceId
            + "\""
            + (extraFields.isEmpty() ? "" : "," + extraFields)
            + "}";
    JsonNode issued = created(post("/v1/keys", body));
    return new IssuedKey(issued.get("data").get("id").asText(), issued.get("key").asText());
  }

  /** A key id and its secret, as the create and rotate responses give them. */
  record IssuedKey(String id, String secret) {
    @Override
    public String toString() {
      return "IssuedKey[" + id + "]"; // never the secret
    }
  }

  private JsonNode created(Response r) {
    if (r.status() != 201) {
      throw new AssertionError(name + " did not create: " + r.status() + " " + r.body());
    }
    return r.json();
  }

  /** Sends as {@link #rootKey}; {@code headers} add to (or replace) Authorization. */
  Response call(String method, String path, String body, Map<String, String> headers) {
    Map<String, String> all = new HashMap<>();
    all.put("Authorization", "Bearer " + rootKey);
    if (body != null) {
      all.put("Content-Type", "application/json");
    }
    all.putAll(headers);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri().resolve(path))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    all.forEach(b::header);
    try {
      HttpResponse<byte[]> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Response(
          r.statusCode(), r.headers().map(), new String(r.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": " + method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** Opens {@code path} and returns the response as it arrives (for event streams). */
  HttpResponse<InputStream> open(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(uri().resolve(path))
            .header("Authorization", "Bearer " + rootKey)
            .build(); // no request timeout: it would end the stream; the wait for headers is
    // bounded
    try {
      return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
          .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(name + ": GET " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
