package dev.latchkey.client.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers with canned responses, in order, and records what it
 * was asked. Stands in for the Latchkey server in the SDK's and the CLI's unit tests (shared
 * through this module's test jar); the end-to-end tests against the real server live in
 * latchkey-server.
 */
public final class FakeServer implements AutoCloseable {
  public record Recorded(String method, String target, Headers headers, String body) {
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  public record Canned(
      int status, String contentType, String body, Map<String, String> headers, Duration delay) {}

  private final HttpServer server;
  private final ConcurrentLinkedQueue<Canned> replies = new ConcurrentLinkedQueue<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();

  private FakeServer(HttpServer server) {
    this.server = server;
  }

  public static FakeServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    FakeServer fake = new FakeServer(server);
    server.createContext("/", fake::handle);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return fake;
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Queues a JSON response with an {@code X-Request-Id}. */
  public FakeServer json(int status, String body) {
    return reply(
        new Canned(
            status, "application/json", body, Map.of("X-Request-Id", "req_fake"), Duration.ZERO));
  }

  /** Queues an RFC 9457 problem response. */
  public FakeServer problem(int status, String body) {
    return reply(
        new Canned(
            status,
            "application/problem+json",
            body,
            Map.of("X-Request-Id", "req_problem"),
            Duration.ZERO));
  }

  public FakeServer reply(Canned canned) {
    replies.add(canned);
    return this;
  }

  public List<Recorded> requests() {
    return List.copyOf(requests);
  }

  public Recorded last() {
    return requests.getLast();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Recorded(
            exchange.getRequestMethod(),
            exchange.getRequestURI().toString(),
            exchange.getRequestHeaders(),
            body));
    Canned canned = replies.poll();
    if (canned == null) {
      canned = new Canned(500, "text/plain", "no canned response left", Map.of(), Duration.ZERO);
    }
    sleep(canned.delay());
    byte[] bytes = canned.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", canned.contentType());
    canned.headers().forEach(exchange.getResponseHeaders()::set);
    exchange.sendResponseHeaders(canned.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration delay) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
