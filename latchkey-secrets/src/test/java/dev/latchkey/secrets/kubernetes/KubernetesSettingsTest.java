package dev.latchkey.secrets.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkDriver;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code problems()}: every bad field named, checked without contacting anything. */
class KubernetesSettingsTest {
  private final SinkDriver driver = Kubernetes.sinkDriver();

  @Test
  void typeIsKubernetes() {
    assertThat(driver.type()).isEqualTo("kubernetes");
  }

  @Test
  void minimalConfiguration_hasNoProblems() {
    assertThat(driver.problems(config(Map.of(), Map.of()))).isEmpty();
  }

  @Test
  void fullConfiguration_hasNoProblems() {
    Map<String, String> settings =
        Map.of(
            "key", "API_KEY.v1",
            "server", "https://10.0.0.1:6443",
            "ca_cert", TestCertificate.PEM);
    assertThat(driver.problems(config(settings, Map.of("token", "eyJhbGciOi.abc-def_1"))))
        .isEmpty();
  }

  @Test
  void missingNamespaceAndName_areBothNamed() {
    assertThat(driver.problems(new SinkConfig(Map.of(), Map.of())))
        .containsOnlyKeys("settings.namespace", "settings.name");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Payments",
        "-payments",
        "payments-",
        "pay.ments",
        "pay_ments",
        "a234567890123456789012345678901234567890123456789012345678901234"
      })
  void badNamespace_isNamed(String namespace) {
    assertThat(driver.problems(config(Map.of("namespace", namespace), Map.of())))
        .containsOnlyKeys("settings.namespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Orders", "orders_key", ".orders", "orders..key", "orders/key", "a b"})
  void badName_isNamed(String name) {
    assertThat(driver.problems(config(Map.of("name", name), Map.of())))
        .containsOnlyKeys("settings.name");
  }

  @Test
  void nameOf254Characters_isRefused_253Accepted() {
    String ok = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(61);
    assertThat(ok).hasSize(253);
    assertThat(driver.problems(config(Map.of("name", ok), Map.of()))).isEmpty();
    assertThat(driver.problems(config(Map.of("name", ok + "e"), Map.of())))
        .containsOnlyKeys("settings.name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a/b", ".", "..", "key with space", "ключ"})
  void badDataKey_isNamed(String key) {
    assertThat(driver.problems(config(Map.of("key", key), Map.of())))
        .containsOnlyKeys("settings.key");
  }

  @ParameterizedTest
  @CsvSource({
    "server, ftp://10.0.0.1",
    "server, https://user:pw@10.0.0.1",
    "server, not a url",
    "ca_cert, not a certificate",
    "ca_cert, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----'",
    "colour, blue"
  })
  void badSetting_isNamed(String setting, String value) {
    assertThat(driver.problems(config(Map.of(setting, value), Map.of())))
        .containsOnlyKeys("settings." + setting);
  }

  @Test
  void badToken_isNamed_withoutQuotingIt() {
    String token = "secret token with spaces";
    Map<String, String> problems = driver.problems(config(Map.of(), Map.of("token", token)));
    assertThat(problems).containsOnlyKeys("credentials.token");
    assertThat(problems.values()).allSatisfy(m -> assertThat(m).doesNotContain("secret token"));
  }

  @Test
  void unknownCredential_isNamed() {
    assertThat(driver.problems(config(Map.of(), Map.of("password", "x"))))
        .containsOnlyKeys("credentials.password");
  }

  private static SinkConfig config(Map<String, String> settings, Map<String, String> credentials) {
    Map<String, String> all = new HashMap<>(Map.of("namespace", "payments", "name", "orders-key"));
    all.putAll(settings);
    return new SinkConfig(all, credentials);
  }
}
