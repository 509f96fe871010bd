package dev.latchkey.secrets.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.sink.SinkReceipt;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AwsSecretsManagerSinkDriverTest {
  private static final AwsTuning FAST =
      new AwsTuning(Duration.ofMillis(500), Duration.ofMillis(400), Duration.ofMillis(1500), 2);

  private final AwsSecretsManagerSinkDriver driver = new AwsSecretsManagerSinkDriver(FAST);
  private FakeSecretsManager aws;

  @BeforeEach
  void start() throws Exception {
    aws = new FakeSecretsManager();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void absentSecret_isCreated_thenEachRotationBecomesCurrent() {
    Delivery first = delivery();
    Delivery second = delivery();
    SinkReceipt created = driver.deliver(config(Map.of()), first);
    driver.deliver(config(Map.of()), second);

    assertThat(aws.operations).containsExactly("PutSecretValue", "CreateSecret", "PutSecretValue");
    assertThat(aws.state.current("pay/key")).contains(second.secret().reveal());
    assertThat(aws.state.versions("pay/key"))
        .extracting(v -> v.stages())
        .containsExactly(java.util.Set.of("AWSPREVIOUS"), java.util.Set.of("AWSCURRENT"));
    assertThat(created.location())
        .startsWith("aws-sm:arn:aws:secretsmanager:eu-west-1:")
        .contains(" version ")
        .doesNotContain(first.secret().reveal());
  }

  @Test
  void field_isMergedIntoTheJson_keepingOtherFields() throws Exception {
    aws.create("pay/key", "{\"url\":\"https://pay.internal\",\"api_key\":\"old\"}");
    Delivery delivery = delivery();
    driver.deliver(config(Map.of("field", "api_key")), delivery);

    assertThat(aws.state.current("pay/key"))
        .contains(
            "{\"url\":\"https://pay.internal\",\"api_key\":\""
                + delivery.secret().reveal()
                + "\"}");
  }

  @Test
  void field_onAbsentSecret_createsAJsonObject() {
    Delivery delivery = delivery();
    driver.deliver(config(Map.of("field", "api_key")), delivery);
    assertThat(aws.state.current("pay/key"))
        .contains("{\"api_key\":\"" + delivery.secret().reveal() + "\"}");
  }

  @Test
  void retriedDelivery_makesNoSecondVersion() throws Exception {
    aws.create("pay/key", "{\"url\":\"u\"}");
    Delivery delivery = delivery();
    SinkReceipt first = driver.deliver(config(Map.of("field", "api_key")), delivery);
    SinkReceipt again = driver.deliver(config(Map.of("field", "api_key")), delivery);

    assertThat(again).isEqualTo(first);
    assertThat(aws.state.versions("pay/key")).hasSize(2); // the seed and one delivery
  }

  @Test
  void retriedCreate_makesNoSecondVersion() {
    Delivery delivery = delivery();
    driver.deliver(config(Map.of()), delivery);
    driver.deliver(config(Map.of()), delivery);
    assertThat(aws.state.versions("pay/key")).hasSize(1);
  }

  @Test
  void createFalse_absentSecret_failsAndCertainlyDidNotArrive() {
    assertFails(config(Map.of("create", "false")), false, "ResourceNotFoundException");
    assertThat(aws.operations).containsExactly("PutSecretValue");
  }

  @Test
  void wrongSecretKey_failsAndCertainlyDidNotArrive() {
    var config =
        new SinkConfig(
            settings(Map.of()),
            Map.of("access_key_id", aws.accessKeyId, "secret_access_key", "wrong"));
    assertFails(config, false, "InvalidSignatureException");
  }

  @Test
  void accessDenied_failsAndCertainlyDidNotArrive() {
    aws.deny("pay/key");
    assertFails(config(Map.of()), false, "AccessDeniedException");
  }

  @Test
  void connectionRefused_failsAndCertainlyDidNotArrive() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    // Timeouts long enough that a cold first attempt is not cut short: a timed-out attempt may
    // have been sent, which would make the failure "may have arrived".
    var patient =
        new AwsSecretsManagerSinkDriver(
            new AwsTuning(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), 2));
    Delivery delivery = delivery();
    assertThatThrownBy(
            () ->
                patient.deliver(config(Map.of("endpoint", "http://127.0.0.1:" + closed)), delivery))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isFalse())
        .hasMessageContaining("ConnectException");
  }

  @Test
  void stalledService_timesOutAndMayHaveArrived() {
    aws.stall();
    long start = System.nanoTime();
    assertFails(config(Map.of()), true, "timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isLessThan(Duration.ofSeconds(10)); // not the 30 s the double would hang
  }

  @Test
  void stalledRead_beforeAnyWrite_certainlyDidNotArrive() {
    aws.stall();
    assertFails(config(Map.of("field", "api_key")), false, "timed out");
  }

  @Test
  void serverError_mayHaveArrived() {
    aws.fail();
    assertFails(config(Map.of()), true, "InternalServiceError");
  }

  @Test
  void problems_nameEachBadField() {
    var config =
        new SinkConfig(
            Map.of("endpoint", "ftp://x", "create", "maybe"), Map.of("access_key_id", "AKIA"));
    assertThat(driver.problems(config))
        .containsOnlyKeys(
            "settings.region",
            "settings.secret_id",
            "settings.endpoint",
            "settings.create",
            "credentials.secret_access_key");
    assertThat(driver.problems(config(Map.of()))).isEmpty();
    assertThat(driver.type()).isEqualTo("aws-sm");
  }

  private void assertFails(SinkConfig config, boolean mayHaveArrived, String reason) {
    Delivery delivery = delivery();
    assertThatThrownBy(() -> driver.deliver(config, delivery))
        .isInstanceOfSatisfying(
            SinkException.class, e -> assertThat(e.mayHaveArrived()).isEqualTo(mayHaveArrived))
        .hasMessageContaining("aws-sm:pay/key")
        .hasMessageContaining(reason)
        .message()
        .doesNotContain(delivery.secret().reveal(), aws.secretAccessKey);
  }

  private SinkConfig config(Map<String, String> extra) {
    return new SinkConfig(
        settings(extra),
        Map.of("access_key_id", aws.accessKeyId, "secret_access_key", aws.secretAccessKey));
  }

  private Map<String, String> settings(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>();
    settings.put("region", FakeSecretsManager.REGION);
    settings.put("secret_id", "pay/key");
    settings.put("endpoint", aws.endpoint().toString());
    settings.putAll(extra);
    return settings;
  }

  private static Delivery delivery() {
    return new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), Instant.now());
  }
}
