package dev.latchkey.secrets.kubernetes;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Fixtures: fabric8's mock API server, sink configurations pointing at it, and deliveries. */
final class MockApi {
  static final String TOKEN = "test-token-not-a-real-one";
  static final String NAMESPACE = "payments";
  static final String NAME = "orders-api-key";

  private MockApi() {}

  /** A mock API server in CRUD mode (it stores what it is sent), started. */
  static KubernetesMockServer crud(KubernetesCrudDispatcher dispatcher) {
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    return server;
  }

  /** A mock API server in expectations mode (it answers what the test scripts), started. */
  static KubernetesMockServer scripted() {
    KubernetesMockServer server = new KubernetesMockServer(false);
    server.init();
    return server;
  }

  static SinkConfig config(KubernetesMockServer server, Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("namespace", NAMESPACE);
    settings.put("name", NAME);
    settings.put("server", server.url("/"));
    settings.putAll(extra);
    return new SinkConfig(settings, Map.of("token", TOKEN));
  }

  static SinkConfig config(KubernetesMockServer server) {
    return config(server, Map.of());
  }

  static Delivery delivery(String keyId) {
    return new Delivery(
        "ws_test",
        keyId,
        "svc_pay",
        KeyFormat.generate("pay"),
        Instant.parse("2026-11-28T10:00:00Z"));
  }

  static String secretPath() {
    return "/api/v1/namespaces/" + NAMESPACE + "/secrets/" + NAME;
  }
}
