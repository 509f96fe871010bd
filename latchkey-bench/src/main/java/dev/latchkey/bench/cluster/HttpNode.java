package dev.latchkey.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A node's HTTP API as the benchmarks call it: JSON in and out, the root key on every call, one
 * HTTP/1.1 client whose connections are reused (several threads get one connection each).
 * Thread-safe.
 */
final class HttpNode {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI base;
  private final String rootKey;

  HttpNode(URI base, String rootKey) {
    this.base = base;
    this.rootKey = rootKey;
  }

  /** A response: its status and its body as JSON. */
  record Reply(int status, JsonNode body) {
    /** The body, once the status is the expected one. */
    JsonNode expect(int expected) {
      if (status != expected) {
        throw new IllegalStateException("expected " + expected + ", got " + status + ": " + body);
      }
      return body;
    }
  }

  Reply post(String path, Object body) {
    try {
      byte[] json = Json.mapper().writeValueAsBytes(body);
      return send(
          request(path)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(json))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Reply get(String path) {
    return send(request(path).GET().build());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + rootKey);
  }

  private Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(response.statusCode(), Json.mapper().readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
