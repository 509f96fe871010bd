package dev.latchkey.secrets.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Failures, scripted on fabric8's mock API server in expectations mode: whether the secret may have
 * arrived, and that no message carries the secret or the token.
 */
class KubernetesSinkFailureTest {
  private static final String COLLECTION = "/api/v1/namespaces/" + MockApi.NAMESPACE + "/secrets";
  private final KubernetesMockServer server = MockApi.scripted();
  private final SinkDriver driver = Kubernetes.sinkDriver();
  private final Delivery delivery = MockApi.delivery("key_f");

  @AfterEach
  void stop() {
    server.destroy();
  }

  @Test
  void forbidden_notArrived_andSaysWhatTheRoleLacks() {
    server.expect().get().withPath(MockApi.secretPath()).andReturn(403, status(403)).always();

    SinkException e = fail(MockApi.config(server));

    assertThat(e.mayHaveArrived()).isFalse();
    assertThat(e).hasMessageContaining("403").hasMessageContaining("namespace payments");
  }

  @Test
  void badCredentials_notArrived() {
    server.expect().get().withPath(MockApi.secretPath()).andReturn(401, status(401)).always();

    SinkException e = fail(MockApi.config(server));

    assertThat(e.mayHaveArrived()).isFalse();
    assertThat(e).hasMessageContaining("401");
  }

  @Test
  void missingNamespace_notArrived() {
    absent();
    server.expect().post().withPath(COLLECTION).andReturn(404, status(404)).always();

    SinkException e = fail(MockApi.config(server));

    assertThat(e.mayHaveArrived()).isFalse();
    assertThat(e).hasMessageContaining("namespace payments not found");
  }

  @Test
  void invalidSecret_notArrived() {
    absent();
    server.expect().post().withPath(COLLECTION).andReturn(422, status(422)).always();

    SinkException e = fail(MockApi.config(server));

    assertThat(e.mayHaveArrived()).isFalse();
    assertThat(e).hasMessageContaining("422");
  }

  @Test
  void serverErrorAfterSending_mayHaveArrived() {
    absent();
    server.expect().post().withPath(COLLECTION).andReturn(500, status(500)).always();

    SinkException e = fail(MockApi.config(server));

    assertThat(e.mayHaveArrived()).isTrue();
    assertThat(e).hasMessageContaining("500").hasMessageContaining("may have been written");
  }

  @Test
  void serverErrorOnRead_notArrived() {
    server.expect().get().withPath(MockApi.secretPath()).andReturn(503, status(503)).always();

    assertThat(fail(MockApi.config(server)).mayHaveArrived()).isFalse();
  }

  @Test
  void nobodyListening_notArrived() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SinkConfig config =
        new SinkConfig(
            Map.of(
                "namespace", MockApi.NAMESPACE,
                "name", MockApi.NAME,
                "server", "http://127.0.0.1:" + port),
            Map.of("token", MockApi.TOKEN));

    SinkException e = fail(config);

    assertThat(e.mayHaveArrived()).isFalse();
    assertThat(e).hasMessageContaining("could not reach");
  }

  @Test
  void misconfiguredSink_isRefusedWithoutCallingAnything() {
    SinkConfig config =
        new SinkConfig(Map.of("namespace", "Bad_NS", "name", MockApi.NAME), Map.of());

    SinkException e = fail(config);

    assertThat(e.mayHaveArrived()).isFalse();
    assertThat(e).hasMessageContaining("settings.namespace");
    assertThat(server.getRequestCount()).isZero();
  }

  private void absent() {
    server.expect().get().withPath(MockApi.secretPath()).andReturn(404, status(404)).always();
  }

  private SinkException fail(SinkConfig config) {
    SinkException e =
        catchThrowableOfType(SinkException.class, () -> driver.deliver(config, delivery));
    assertThat(e).as("a SinkException").isNotNull();
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage()))
          .doesNotContain(delivery.secret().reveal())
          .doesNotContain(MockApi.TOKEN);
    }
    return e;
  }

  private static Status status(int code) {
    return new StatusBuilder()
        .withStatus("Failure")
        .withCode(code)
        .withMessage("scripted failure " + code)
        .build();
  }
}
