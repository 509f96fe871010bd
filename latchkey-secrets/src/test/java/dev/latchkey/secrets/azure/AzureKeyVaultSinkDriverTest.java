package dev.latchkey.secrets.azure;

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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AzureKeyVaultSinkDriverTest {
  private static TestTls tls;

  private FakeAzure azure;
  private AzureKeyVaultSinkDriver driver;

  @BeforeAll
  static void certificate() throws Exception {
    tls = TestTls.create();
  }

  @BeforeEach
  void start() throws Exception {
    azure = new FakeAzure(tls);
    driver = new AzureKeyVaultSinkDriver(tuning(Duration.ofSeconds(5)));
  }

  @AfterEach
  void stop() {
    azure.close();
  }

  @Test
  void eachDelivery_isANewVersion_taggedWithTheKey() {
    Delivery first = delivery();
    Delivery second = delivery();
    SinkReceipt receipt = driver.deliver(config(Map.of(), Map.of()), first);
    driver.deliver(config(Map.of(), Map.of()), second);

    assertThat(azure.versions("pay-key"))
        .extracting(FakeAzure.Version::value)
        .containsExactly(first.secret().reveal(), second.secret().reveal());
    assertThat(azure.versions("pay-key").getLast().tags())
        .containsEntry(AzureKeyVaultSinkDriver.KEY_TAG, "key_1");
    assertThat(receipt.location())
        .isEqualTo(
            "azure-kv:"
                + azure.url()
                + "/secrets/pay-key version "
                + azure.versions("pay-key").getFirst().id());
  }

  @Test
  void retriedDelivery_writesNoSecondVersion() {
    Delivery delivery = delivery();
    SinkReceipt first = driver.deliver(config(Map.of(), Map.of()), delivery);
    SinkReceipt again = driver.deliver(config(Map.of(), Map.of()), delivery);

    assertThat(again).isEqualTo(first);
    assertThat(azure.versions("pay-key")).hasSize(1);
    assertThat(azure.requests).filteredOn(r -> r.startsWith("PUT ")).hasSize(1);
  }

  @Test
  void wrongClientSecret_failsAndCertainlyDidNotArrive() {
    assertFails(config(Map.of(), Map.of("client_secret", "wrong")), false, "authentication failed");
    assertThat(azure.versions("pay-key")).isEmpty();
  }

  @Test
  void accessDenied_failsAndCertainlyDidNotArrive() {
    azure.deny("pay-key");
    assertFails(config(Map.of(), Map.of()), false, "access denied");
  }

  @Test
  void connectionRefused_failsAndCertainlyDidNotArrive() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "https://127.0.0.1:" + closed;
    assertFails(
        config(Map.of("vault_url", url, "authority_host", url), Map.of()),
        false,
        "cannot reach the vault (ConnectException)");
  }

  @Test
  void stalledWrite_timesOutAndMayHaveArrived() {
    driver = new AzureKeyVaultSinkDriver(tuning(Duration.ofMillis(700)));
    azure.stallWrites();
    long start = System.nanoTime();
    assertFails(config(Map.of(), Map.of()), true, "timed out");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void tokenEndpointUnreachable_beforeAnyWrite_certainlyDidNotArrive() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    // the vault is reachable and challenges; its authority's token endpoint is not
    assertFails(
        config(Map.of("authority_host", "https://127.0.0.1:" + closed), Map.of()),
        false,
        "authentication failed");
    assertThat(azure.requests).noneMatch(r -> r.startsWith("PUT "));
  }

  @Test
  void serverError_mayHaveArrived() {
    azure.failWrites();
    assertFails(config(Map.of(), Map.of()), true, "HTTP 500");
  }

  @Test
  void problems_nameEachBadField() {
    var config =
        new SinkConfig(
            Map.of("vault_url", "http://plain.example", "name", "no spaces", "authority_host", "x"),
            Map.of());
    assertThat(driver.problems(config))
        .containsOnlyKeys(
            "settings.vault_url",
            "settings.name",
            "settings.authority_host",
            "credentials.tenant_id",
            "credentials.client_id",
            "credentials.client_secret");
    assertThat(driver.problems(config(Map.of(), Map.of()))).isEmpty();
    assertThat(driver.type()).isEqualTo("azure-kv");
  }

  private void assertFails(SinkConfig config, boolean mayHaveArrived, String reason) {
    Delivery delivery = delivery();
    assertThatThrownBy(() -> driver.deliver(config, delivery))
        .isInstanceOfSatisfying(
            SinkException.class, e -> assertThat(e.mayHaveArrived()).isEqualTo(mayHaveArrived))
        .hasMessageContaining("/secrets/pay-key")
        .hasMessageContaining(reason)
        .message()
        .doesNotContain(delivery.secret().reveal(), azure.identity.clientSecret);
  }

  private SinkConfig config(Map<String, String> settings, Map<String, String> credentials) {
    Map<String, String> s = new HashMap<>();
    s.put("vault_url", azure.url());
    s.put("name", "pay-key");
    s.put("authority_host", azure.url());
    s.putAll(settings);
    Map<String, String> c = new HashMap<>();
    c.put("tenant_id", azure.identity.tenantId);
    c.put("client_id", azure.identity.clientId);
    c.put("client_secret", azure.identity.clientSecret);
    c.putAll(credentials);
    return new SinkConfig(s, c);
  }

  private static AzureTuning tuning(Duration timeout) {
    return new AzureTuning(
        AzureTuning.jdkClient(
            java.net.http.HttpClient.newBuilder().sslContext(tls.client), timeout, timeout),
        0);
  }

  private static Delivery delivery() {
    return new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), Instant.now());
  }
}
