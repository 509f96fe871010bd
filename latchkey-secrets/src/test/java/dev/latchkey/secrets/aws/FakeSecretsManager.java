package dev.latchkey.secrets.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * AWS Secrets Manager on loopback, speaking its JSON 1.1 protocol: {@code POST /} with {@code
 * X-Amz-Target: secretsmanager.<Operation>}, errors as HTTP 400 with {@code {"__type": ...}}. It
 * accepts only requests signed (SigV4, verified in full) with the access key it generated. Modes:
 * names whose access is denied, a stall (requests hang until {@link #close()}), failing with 500.
 */
final class FakeSecretsManager implements AutoCloseable {
  static final String REGION = "eu-west-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  final String accessKeyId = "AKIA" + random(8).toUpperCase(java.util.Locale.ROOT);
  final String secretAccessKey = random(20);
  final SecretsManagerState state = new SecretsManagerState(REGION);
  final List<String> operations = new CopyOnWriteArrayList<>();
  private final Set<String> denied = ConcurrentHashMap.newKeySet();
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean stalled;
  private volatile boolean failing;
  private final HttpServer server;

  FakeSecretsManager() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::serve);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The environment a provider needs to read from this double. */
  Map<String, String> env() {
    return Map.of(
        "AWS_REGION", REGION,
        "AWS_ACCESS_KEY_ID", accessKeyId,
        "AWS_SECRET_ACCESS_KEY", secretAccessKey,
        "AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint().toString());
  }

  /** Creates {@code name} holding {@code value}, as the console would. */
  void create(String name, String value) throws Exception {
    state.handle(
        "CreateSecret", JSON.createObjectNode().put("Name", name).put("SecretString", value));
  }

  void deny(String name) {
    denied.add(name);
  }

  void stall() {
    stalled = true;
  }

  void fail() {
    failing = true;
  }

  private void serve(HttpExchange exchange) throws IOException {
    try {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String target = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().equals("/")
          || !target.startsWith("secretsmanager.")
          || !"application/x-amz-json-1.1"
              .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
        reply(exchange, 404, error("UnknownOperationException", "not a Secrets Manager call"));
        return;
      }
      String operation = target.substring("secretsmanager.".length());
      operations.add(operation);
      if (stalled) {
        released.await(30, TimeUnit.SECONDS);
        return; // the connection closes with no answer, as when a response is lost
      }
      Optional<String> authProblem =
          SigV4Check.problem(exchange, body, accessKeyId, secretAccessKey, REGION);
      if (authProblem.isPresent()) {
        reply(exchange, 400, error(authProblem.get(), "The request signature is not valid."));
        return;
      }
      if (failing) {
        reply(
            exchange, 500, error("InternalServiceError", "An error occurred on the server side."));
        return;
      }
      JsonNode request = JSON.readTree(body);
      String id = request.path("SecretId").asText(request.path("Name").asText());
      if (denied.stream().anyMatch(id::startsWith)) {
        reply(exchange, 400, error("AccessDeniedException", "not authorized to perform " + target));
        return;
      }
      reply(exchange, 200, state.handle(operation, request).toString());
    } catch (SecretsManagerState.Failure f) {
      reply(exchange, 400, error(f.type, f.getMessage()));
    } catch (Exception e) {
      reply(exchange, 500, error("InternalServiceError", e.toString()));
    } finally {
      exchange.close();
    }
  }

  private static String error(String type, String message) {
    return JSON.createObjectNode().put("__type", type).put("message", message).toString();
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
    exchange.getResponseHeaders().set("x-amzn-RequestId", java.util.UUID.randomUUID().toString());
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public void close() {
    released.countDown();
    server.stop(0);
  }
}
