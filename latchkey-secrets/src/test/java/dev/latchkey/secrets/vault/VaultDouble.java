package dev.latchkey.secrets.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for HashiCorp Vault's HTTP API, as far as Latchkey uses it, with the answers
 * Vault documents: KV v2 read and write ({@code /v1/{mount}/data/{path}}: versions counting up,
 * check-and-set, 404 for a missing secret, 404 "no handler for route" for an unknown mount),
 * AppRole login (tokens with a TTL on the given clock), 403 "permission denied" for a missing,
 * unknown or expired token, errors as {@code {"errors":[…]}}. It can stall its answers, fail
 * writes, and run something just before a write (a concurrent writer).
 */
final class VaultDouble implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Clock clock;
  private final Set<String> mounts = ConcurrentHashMap.newKeySet();
  private final Map<String, List<ObjectNode>> secrets = new ConcurrentHashMap<>();
  private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
  private final Map<String, String> roles = new ConcurrentHashMap<>();
  private final AtomicReference<Runnable> beforeNextWrite = new AtomicReference<>();
  private final AtomicReference<Duration> stall = new AtomicReference<>(Duration.ZERO);
  private final AtomicInteger failWritesWith = new AtomicInteger();
  final AtomicInteger logins = new AtomicInteger();
  final AtomicInteger writes = new AtomicInteger();
  final List<String> namespaces = java.util.Collections.synchronizedList(new ArrayList<>());

  private VaultDouble(Clock clock) throws IOException {
    this.clock = clock;
    mounts.add("secret");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v1/", this::handle);
    server.start();
  }

  static VaultDouble start(Clock clock) {
    try {
      return new VaultDouble(clock);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A new token that never expires, like a root or periodic token. */
  String newToken() {
    String token = "hvs." + UUID.randomUUID();
    tokens.put(token, Instant.MAX);
    return token;
  }

  /** An AppRole whose logins give tokens living {@code ttl}. */
  void addRole(String roleId, String secretId, Duration ttl) {
    roles.put(roleId, secretId + "|" + ttl.toSeconds());
  }

  void revokeAllTokens() {
    tokens.clear();
  }

  /** Writes a version directly, as another client would. */
  synchronized int put(String mount, String path, Map<String, String> fields) {
    ObjectNode data = JSON.createObjectNode();
    fields.forEach(data::put);
    List<ObjectNode> versions = secrets.computeIfAbsent(mount + "/" + path, k -> new ArrayList<>());
    versions.add(data);
    return versions.size();
  }

  /** The current fields, or null. */
  synchronized Map<String, String> current(String mount, String path) {
    List<ObjectNode> versions = secrets.get(mount + "/" + path);
    if (versions == null || versions.isEmpty()) {
      return null;
    }
    return JSON.convertValue(versions.getLast(), Map.class);
  }

  synchronized int version(String mount, String path) {
    return secrets.getOrDefault(mount + "/" + path, List.of()).size();
  }

  void beforeNextWrite(Runnable action) {
    beforeNextWrite.set(action);
  }

  /** Applies writes, then waits {@code time} before answering (a lost answer, to the client). */
  void stallAnswers(Duration time) {
    stall.set(time);
  }

  void failWritesWith(int status) {
    failWritesWith.set(status);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String ns = ex.getRequestHeaders().getFirst("X-Vault-Namespace");
      if (ns != null) {
        namespaces.add(ns);
      }
      String path = ex.getRequestURI().getPath().substring("/v1/".length());
      byte[] body = ex.getRequestBody().readAllBytes();
      Reply reply =
          path.equals("auth/approle/login") && ex.getRequestMethod().equals("POST")
              ? login(body)
              : kv(ex, path, body);
      sleep(stall.get());
      byte[] out = reply.json.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
      ex.getResponseBody().write(out);
    } catch (IOException e) {
      // the client gave up (a timeout test): nothing to answer
    }
  }

  private record Reply(int status, String json) {}

  private static Reply errors(int status, String... messages) {
    ObjectNode body = JSON.createObjectNode();
    var list = body.putArray("errors");
    for (String m : messages) {
      list.add(m);
    }
    return new Reply(status, body.toString());
  }

  private Reply login(byte[] body) throws IOException {
    JsonNode request = JSON.readTree(body);
    String entry = roles.get(request.path("role_id").asText());
    if (entry == null || !entry.startsWith(request.path("secret_id").asText() + "|")) {
      return errors(400, "invalid role or secret ID");
    }
    logins.incrementAndGet();
    long ttl = Long.parseLong(entry.substring(entry.indexOf('|') + 1));
    String token = "hvs." + UUID.randomUUID();
    tokens.put(token, clock.instant().plusSeconds(ttl));
    ObjectNode reply = JSON.createObjectNode();
    ObjectNode auth = reply.putObject("auth");
    auth.put("client_token", token);
    auth.put("accessor", UUID.randomUUID().toString());
    auth.putArray("policies").add("default").add("latchkey");
    auth.put("lease_duration", ttl);
    auth.put("renewable", true);
    return new Reply(200, reply.toString());
  }

  private Reply kv(HttpExchange ex, String path, byte[] body) throws IOException {
    String token = ex.getRequestHeaders().getFirst("X-Vault-Token");
    Instant expires = token == null ? null : tokens.get(token);
    if (expires == null || !clock.instant().isBefore(expires)) {
      return errors(403, "permission denied");
    }
    int data = path.indexOf("/data/");
    if (data < 0 || !mounts.contains(path.substring(0, data))) {
      return errors(404, "no handler for route \"" + path + "\". route entry not found.");
    }
    String mount = path.substring(0, data);
    String secret = path.substring(data + "/data/".length());
    return switch (ex.getRequestMethod()) {
      case "GET" -> read(mount, secret);
      case "POST", "PUT" -> write(mount, secret, JSON.readTree(body));
      default -> errors(405, "unsupported operation");
    };
  }

  private synchronized Reply read(String mount, String path) {
    List<ObjectNode> versions = secrets.get(mount + "/" + path);
    if (versions == null || versions.isEmpty()) {
      return errors(404);
    }
    ObjectNode reply = JSON.createObjectNode();
    reply.put("request_id", UUID.randomUUID().toString());
    reply.put("lease_id", "");
    reply.put("renewable", false);
    reply.put("lease_duration", 0);
    ObjectNode data = reply.putObject("data");
    data.set("data", versions.getLast().deepCopy());
    data.set("metadata", metadata(versions.size()));
    reply.putNull("wrap_info");
    reply.putNull("warnings");
    reply.putNull("auth");
    return new Reply(200, reply.toString());
  }

  private Reply write(String mount, String path, JsonNode request) {
    Runnable before = beforeNextWrite.getAndSet(null);
    if (before != null) {
      before.run();
    }
    writes.incrementAndGet();
    if (failWritesWith.get() != 0) {
      return errors(failWritesWith.get(), "internal error");
    }
    synchronized (this) {
      List<ObjectNode> versions =
          secrets.computeIfAbsent(mount + "/" + path, k -> new ArrayList<>());
      JsonNode cas = request.path("options").path("cas");
      if (!cas.isMissingNode() && cas.asInt() != versions.size()) {
        return errors(400, "check-and-set parameter did not match the current version");
      }
      if (!(request.path("data") instanceof ObjectNode fields)) {
        return errors(400, "no data provided");
      }
      versions.add(fields.deepCopy());
      ObjectNode reply = JSON.createObjectNode();
      reply.set("data", metadata(versions.size()));
      return new Reply(200, reply.toString());
    }
  }

  private ObjectNode metadata(int version) {
    ObjectNode m = JSON.createObjectNode();
    m.put("created_time", clock.instant().toString());
    m.putNull("custom_metadata");
    m.put("deletion_time", "");
    m.put("destroyed", false);
    m.put("version", version);
    return m;
  }

  private static void sleep(Duration d) {
    if (d.isZero()) {
      return;
    }
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
