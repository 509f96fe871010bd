package dev.latchkey.secrets.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Azure Key Vault and the Microsoft identity platform on one loopback HTTPS port. The vault speaks
 * the Key Vault REST API ({@code PUT /secrets/{name}}, {@code GET /secrets/{name}[/{version}]},
 * {@code api-version=7.x}) and its authentication challenge: a request without a token it issued
 * gets 401 with {@code WWW-Authenticate: Bearer authorization="{authority}/{tenant}",
 * resource="https://vault.azure.net"}. Every set makes a new version. Modes: names whose access is
 * denied, stalled writes (until {@link #close()}), writes failing with 500.
 */
final class FakeAzure implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One version of a secret. */
  record Version(String id, String value, Map<String, String> tags) {}

  final FakeEntraId identity;
  final List<String> requests = new CopyOnWriteArrayList<>();
  private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean stallWrites;
  private volatile boolean failing;
  private final HttpsServer server;

  FakeAzure(TestTls tls) throws IOException {
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.server));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::serve);
    server.start();
    identity = new FakeEntraId(url());
  }

  String url() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Version> versions(String name) {
    return List.copyOf(secrets.getOrDefault(name, List.of()));
  }

  void set(String name, String value) {
    secrets
        .computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
        .add(new Version(UUID.randomUUID().toString().replace("-", ""), value, Map.of()));
  }

  void deny(String name) {
    denied.add(name);
  }

  void stallWrites() {
    stallWrites = true;
  }

  void failWrites() {
    failing = true;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      requests.add(exchange.getRequestMethod() + " " + path);
      if (identity.serve(exchange, path)) {
        return;
      }
      if (!path.startsWith("/secrets/")) {
        reply(exchange, 404, error("NotFound", "no such endpoint"));
        return;
      }
      vault(exchange, path.substring("/secrets/".length()).split("/"));
    } catch (Exception e) {
      reply(exchange, 500, error("InternalServerError", e.toString()));
    } finally {
      exchange.close();
    }
  }

  private void vault(HttpExchange exchange, String[] parts) throws Exception {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String auth = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
    if (!auth.startsWith("Bearer ") || !identity.isIssued(auth.substring(7))) {
      exchange
          .getResponseHeaders()
          .set(
              "WWW-Authenticate",
              "Bearer authorization=\""
                  + url()
                  + "/"
                  + identity.tenantId
                  + "\", resource=\"https://vault.azure.net\"");
      reply(
          exchange,
          401,
          error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
      return;
    }
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    // 7.0 to 7.6, then dated versions (2025-07-01, what SDK 4.11 sends)
    if (!query.matches("(.*&)?api-version=(7\\.\\d+|20\\d\\d-\\d\\d-\\d\\d)(-preview)?(&.*)?")) {
      reply(exchange, 400, error("BadParameter", "The request URI contains an invalid version."));
      return;
    }
    String name = parts[0];
    if (denied.contains(name)) {
      reply(
          exchange,
          403,
          error("Forbidden", "Caller is not authorized to perform action on resource."));
    } else if (failing && exchange.getRequestMethod().equals("PUT")) {
      reply(exchange, 500, error("InternalServerError", "An internal error occurred."));
    } else if (exchange.getRequestMethod().equals("PUT") && parts.length == 1) {
      if (stallWrites) {
        released.await(30, TimeUnit.SECONDS);
        return; // closed with no answer: the write may or may not have happened
      }
      put(exchange, name, JSON.readTree(body));
    } else if (exchange.getRequestMethod().equals("GET") && parts.length <= 2) {
      get(exchange, name, parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    } else {
      reply(exchange, 405, error("MethodNotAllowed", "not supported by this double"));
    }
  }

  private void put(HttpExchange exchange, String name, JsonNode request) throws IOException {
    Map<String, String> tags = new LinkedHashMap<>();
    request.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asText()));
    Version v =
        new Version(
            UUID.randomUUID().toString().replace("-", ""), request.path("value").asText(), tags);
    secrets.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(v);
    reply(exchange, 200, bundle(name, v));
  }

  private void get(HttpExchange exchange, String name, Optional<String> version)
      throws IOException {
    List<Version> list = new ArrayList<>(versions(name));
    Optional<Version> found =
        version.isPresent()
            ? list.stream().filter(v -> v.id().equals(version.get())).findFirst()
            : list.isEmpty() ? Optional.empty() : Optional.of(list.getLast());
    if (found.isEmpty()) {
      reply(
          exchange,
          404,
          error(
              "SecretNotFound",
              "A secret with (name/id) " + name + " was not found in this key vault."));
      return;
    }
    reply(exchange, 200, bundle(name, found.get()));
  }

  private ObjectNode bundle(String name, Version v) {
    long now = System.currentTimeMillis() / 1000;
    ObjectNode out =
        JSON.createObjectNode()
            .put("value", v.value())
            .put("id", url() + "/secrets/" + name + "/" + v.id());
    out.putObject("attributes")
        .put("enabled", true)
        .put("created", now)
        .put("updated", now)
        .put("recoveryLevel", "Recoverable+Purgeable")
        .put("recoverableDays", 90);
    ObjectNode tags = out.putObject("tags");
    v.tags().forEach(tags::put);
    return out;
  }

  private static ObjectNode error(String code, String message) {
    ObjectNode out = JSON.createObjectNode();
    out.putObject("error").put("code", code).put("message", message);
    return out;
  }

  static void reply(HttpExchange exchange, int status, ObjectNode json) throws IOException {
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("x-ms-request-id", UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
