package dev.latchkey.secrets.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkDriver;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sink against fabric8's mock API server in CRUD mode. */
class KubernetesSinkCrudTest {
  private final RacingDispatcher dispatcher = new RacingDispatcher();
  private final KubernetesMockServer server = MockApi.crud(dispatcher);
  private final KubernetesClient kube = server.createClient();
  private final SinkDriver driver = Kubernetes.sinkDriver();

  @AfterEach
  void stop() {
    kube.close();
    server.destroy();
  }

  @Test
  void absentSecret_isCreatedOpaqueLabelledAndAnnotated() {
    Delivery d = MockApi.delivery("key_first");

    SinkReceipt receipt = driver.deliver(MockApi.config(server), d);

    Secret s = stored();
    assertThat(s.getType()).isEqualTo("Opaque");
    assertThat(s.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "latchkey");
    assertThat(s.getMetadata().getAnnotations()).containsEntry("latchkey.dev/key-id", "key_first");
    assertThat(s.getData()).containsOnlyKeys("api-key");
    assertThat(decode(s, "api-key")).isEqualTo(d.secret().reveal());
    assertThat(receipt.location())
        .startsWith("kubernetes:payments/orders-api-key#api-key resourceVersion ")
        .doesNotContain(d.secret().reveal());
  }

  @Test
  void existingSecret_onlyItsKeyIsReplaced_otherKeysAndLabelsKept() {
    kube.secrets()
        .inNamespace(MockApi.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(MockApi.NAME)
                .addToLabels("team", "orders")
                .endMetadata()
                .addToData("db-password", encode("hunter2"))
                .addToData("token", encode("old"))
                .build())
        .create();
    Delivery d = MockApi.delivery("key_second");

    driver.deliver(MockApi.config(server, Map.of("key", "token")), d);

    Secret s = stored();
    assertThat(decode(s, "token")).isEqualTo(d.secret().reveal());
    assertThat(decode(s, "db-password")).isEqualTo("hunter2");
    assertThat(s.getMetadata().getLabels()).containsEntry("team", "orders");
    assertThat(s.getMetadata().getAnnotations()).containsEntry("latchkey.dev/key-id", "key_second");
  }

  @Test
  void rotation_replacesTheEarlierSecret_andRedeliveryIsHarmless() {
    driver.deliver(MockApi.config(server), MockApi.delivery("key_r"));
    Delivery rotated = MockApi.delivery("key_r");

    driver.deliver(MockApi.config(server), rotated);
    driver.deliver(MockApi.config(server), rotated);

    assertThat(decode(stored(), "api-key")).isEqualTo(rotated.secret().reveal());
  }

  @Test
  void concurrentChange_conflictIsRetried_andTheOtherWriterKeepsItsChange() {
    driver.deliver(MockApi.config(server), MockApi.delivery("key_c"));
    dispatcher.raceNextUpdates(2);
    Delivery d = MockApi.delivery("key_c");

    driver.deliver(MockApi.config(server), d);

    Secret s = stored();
    assertThat(dispatcher.conflicts()).isEqualTo(2);
    assertThat(decode(s, "api-key")).isEqualTo(d.secret().reveal());
    assertThat(decode(s, RacingDispatcher.OTHER_KEY)).isEqualTo("written by someone else 2");
  }

  @Test
  void conflictEveryTime_givesUpWithoutWriting_notArrived() {
    Delivery first = MockApi.delivery("key_x");
    driver.deliver(MockApi.config(server), first);
    dispatcher.raceNextUpdates(SecretWriter.ATTEMPTS);
    Delivery d = MockApi.delivery("key_x");

    assertThatThrownBy(() -> driver.deliver(MockApi.config(server), d))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isFalse())
        .hasMessageContaining("409")
        .hasMessageNotContaining(d.secret().reveal());
    assertThat(decode(stored(), "api-key")).isEqualTo(first.secret().reveal());
  }

  @Test
  void immutableSecret_isRefusedBeforeWriting() {
    kube.secrets()
        .inNamespace(MockApi.NAMESPACE)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName(MockApi.NAME)
                .endMetadata()
                .withImmutable(true)
                .addToData("api-key", encode("frozen"))
                .build())
        .create();

    assertThatThrownBy(() -> driver.deliver(MockApi.config(server), MockApi.delivery("key_i")))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isFalse())
        .hasMessageContaining("immutable");
    assertThat(decode(stored(), "api-key")).isEqualTo("frozen");
  }

  private Secret stored() {
    return kube.secrets().inNamespace(MockApi.NAMESPACE).withName(MockApi.NAME).get();
  }

  static String encode(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  static String decode(Secret s, String key) {
    return new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8);
  }
}
