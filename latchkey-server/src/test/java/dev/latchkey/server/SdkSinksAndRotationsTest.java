package dev.latchkey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.CreateSink;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.KeyRotation;
import dev.latchkey.api.SetRotationPolicy;
import dev.latchkey.api.Sink;
import dev.latchkey.api.StartRotation;
import dev.latchkey.api.UpdateSink;
import dev.latchkey.client.ConflictException;
import dev.latchkey.client.InvalidRequestException;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.client.NotFoundException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java SDK's sinks, rotation policies and rotations against a real server. */
class SdkSinksAndRotationsTest {
  @TempDir Path dir;

  @Test
  void sinksPoliciesAndRotations_throughTheSdk() {
    try (TestServer t = new TestServer(dir);
        LatchkeyClient client = t.client()) {
      Sink sink =
          client
              .sinks()
              .create(
                  new CreateSink(
                      "mem", "memory", Map.of("label", "a"), Map.of("token", "sdk-token-1")),
                  "idem-sink");
      assertThat(sink.credentials()).containsExactly("token");
      assertThat(sink.toString()).doesNotContain("sdk-token-1");
      assertThat(
              client
                  .sinks()
                  .create(
                      new CreateSink(
                          "mem", "memory", Map.of("label", "a"), Map.of("token", "sdk-token-1")),
                      "idem-sink")
                  .id())
          .isEqualTo(sink.id());
      assertThat(client.sinks().list(10, null).items())
          .extracting(Sink::id)
          .containsExactly(sink.id());
      assertThat(client.sinks().update(sink.id(), new UpdateSink("mem-2", null, null)).name())
          .isEqualTo("mem-2");
      assertThat(client.sinks().get(sink.id()).settings()).containsEntry("label", "a");
      assertThatThrownBy(() -> client.sinks().create(new CreateSink("x", "pigeon", null, null)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("memory");

      String service = client.services().create(new CreateService("payments", "pay")).id();
      assertThat(
              client
                  .services()
                  .setRotationPolicy(service, new SetRotationPolicy("P90D", null, null, sink.id()))
                  .sink())
          .isEqualTo(sink.id());
      assertThat(client.services().rotationPolicy(service).maxAge()).isEqualTo("PT2160H");
      assertThatThrownBy(() -> client.sinks().delete(sink.id()))
          .isInstanceOf(ConflictException.class);

      IssuedKey issued = client.keys().create(CreateKey.of(service));
      String key = issued.data().id();
      client.keys().setRotationPolicy(key, new SetRotationPolicy("PT12H", null, "PT1H", sink.id()));
      assertThat(client.keys().rotationPolicy(key).gracePeriod()).isEqualTo("PT1H");

      KeyRotation done = client.keys().startRotation(key, new StartRotation(null, null));
      assertThat(done.status()).isEqualTo("done");
      assertThat(done.gracePeriod()).isEqualTo("PT1H");
      String delivered = t.sink.lastSecret(key).orElseThrow();
      assertThat(client.keys().verify(delivered).valid()).isTrue();
      assertThat(client.keys().verify(issued.key()).valid()).isTrue();
      assertThat(client.keys().rotations(key, 10, null).items())
          .extracting(KeyRotation::id)
          .containsExactly(done.id());

      client.keys().deleteRotationPolicy(key);
      assertThatThrownBy(() -> client.keys().rotationPolicy(key))
          .isInstanceOf(NotFoundException.class);
      client.services().deleteRotationPolicy(service);
      assertThatThrownBy(() -> client.services().deleteRotationPolicy(service))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> client.keys().startRotation(key, new StartRotation(null, null)))
          .isInstanceOf(InvalidRequestException.class);
      client.sinks().delete(sink.id());
      assertThatThrownBy(() -> client.sinks().get(sink.id())).isInstanceOf(NotFoundException.class);
    }
  }
}
