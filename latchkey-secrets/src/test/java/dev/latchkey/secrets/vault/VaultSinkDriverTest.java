package dev.latchkey.secrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.secret.KeyFormat;
import dev.latchkey.core.sink.Delivery;
import dev.latchkey.core.sink.SinkConfig;
import dev.latchkey.core.sink.SinkException;
import dev.latchkey.core.testing.MutableClock;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VaultSinkDriverTest {
  private final MutableClock clock = MutableClock.startingNow();
  private final VaultDouble vault = VaultDouble.start(clock);
  private final VaultSinkDriver driver = driver(Duration.ofSeconds(5));
  private final Delivery delivery =
      new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), Instant.now());

  @AfterEach
  void stop() {
    vault.close();
  }

  private VaultSinkDriver driver(Duration requestTimeout) {
    return new VaultSinkDriver(
        VaultClient.newHttpClient(Duration.ofSeconds(5)), clock, requestTimeout);
  }

  private SinkConfig config(String token) {
    return config(vault.address(), Map.of("token", token));
  }

  private static SinkConfig config(String address, Map<String, String> credentials) {
    return new SinkConfig(Map.of("address", address, "path", "apps/pay"), credentials);
  }

  private String secret() {
    return delivery.secret().reveal();
  }

  private static void refusedWithoutArriving(ThrowingCallable call, String... leaks) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isFalse())
        .satisfies(
            e -> {
              for (String leak : leaks) {
                assertThat(e.getMessage()).doesNotContain(leak);
              }
            });
  }

  @Test
  void aWrite_bumpsTheVersion_andKeepsTheOtherFields() {
    vault.put("secret", "apps/pay", Map.of("db_url", "postgres://db", "api_key", "old"));

    var receipt = driver.deliver(config(vault.newToken()), delivery);

    assertThat(vault.current("secret", "apps/pay"))
        .containsExactlyInAnyOrderEntriesOf(Map.of("db_url", "postgres://db", "api_key", secret()));
    assertThat(vault.version("secret", "apps/pay")).isEqualTo(2);
    assertThat(receipt.location()).isEqualTo("vault:secret/data/apps/pay version 2");
  }

  @Test
  void aFirstWrite_createsTheSecret_inTheFieldAndMountGiven() {
    Map<String, String> settings = new HashMap<>();
    settings.putAll(Map.of("address", vault.address(), "path", "pay", "field", "key"));
    settings.put("namespace", "team-a");
    driver.deliver(new SinkConfig(settings, Map.of("token", vault.newToken())), delivery);

    assertThat(vault.current("secret", "pay")).containsExactlyEntriesOf(Map.of("key", secret()));
    assertThat(vault.namespaces).contains("team-a");
  }

  @Test
  void aConcurrentWriter_betweenReadAndWrite_isKept_byACheckAndSetRetry() {
    vault.put("secret", "apps/pay", Map.of("db_url", "postgres://db"));
    vault.beforeNextWrite(
        () -> vault.put("secret", "apps/pay", Map.of("db_url", "postgres://db", "new", "theirs")));

    driver.deliver(config(vault.newToken()), delivery);

    assertThat(vault.current("secret", "apps/pay"))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("db_url", "postgres://db", "new", "theirs", "api_key", secret()));
    assertThat(vault.version("secret", "apps/pay")).isEqualTo(3);
    assertThat(vault.writes).hasValue(2);
  }

  @Test
  void aBadToken_isRefused_andNothingArrived() {
    String bad = "hvs." + UUID.randomUUID();
    refusedWithoutArriving(() -> driver.deliver(config(bad), delivery), bad, secret());
    assertThatThrownBy(() -> driver.deliver(config(bad), delivery))
        .hasMessageContaining("403: permission denied");
    assertThat(vault.current("secret", "apps/pay")).isNull();
  }

  @Test
  void appRole_logsInAgain_afterTheTokenExpired() {
    String secretId = UUID.randomUUID().toString();
    vault.addRole("pay-sink", secretId, Duration.ofMinutes(5));
    SinkConfig appRole =
        config(vault.address(), Map.of("role_id", "pay-sink", "secret_id", secretId));

    driver.deliver(appRole, delivery);
    clock.advance(Duration.ofMinutes(6));
    Delivery next =
        new Delivery("ws_1", "key_1", "svc_1", KeyFormat.generate("pay"), Instant.now());
    driver.deliver(appRole, next);

    assertThat(vault.current("secret", "apps/pay"))
        .containsEntry("api_key", next.secret().reveal());
    assertThat(vault.logins.get()).isGreaterThanOrEqualTo(2);
    refusedWithoutArriving(
        () ->
            driver.deliver(
                config(vault.address(), Map.of("role_id", "pay-sink", "secret_id", "wrong")),
                delivery),
        secretId,
        secret());
  }

  @Test
  void connectionRefused_nothingArrived() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String token = vault.newToken();
    refusedWithoutArriving(
        () ->
            driver.deliver(config("http://127.0.0.1:" + closed, Map.of("token", token)), delivery),
        token,
        secret());
  }

  @Test
  void aWriteWithoutAnAnswerInTime_mayHaveArrived() {
    String token = vault.newToken();
    vault.put("secret", "apps/pay", Map.of("api_key", "old"));
    vault.beforeNextWrite(() -> vault.stallAnswers(Duration.ofSeconds(6)));

    assertThatThrownBy(() -> driver(Duration.ofSeconds(2)).deliver(config(token), delivery))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isTrue())
        .hasMessageContaining("did not answer in time")
        .hasMessageNotContaining(token)
        .hasMessageNotContaining(secret());
  }

  @Test
  void aServerErrorOnTheWrite_mayHaveArrived() {
    vault.failWritesWith(500);
    assertThatThrownBy(() -> driver.deliver(config(vault.newToken()), delivery))
        .isInstanceOfSatisfying(SinkException.class, e -> assertThat(e.mayHaveArrived()).isTrue())
        .hasMessageContaining("500: internal error");
  }

  @Test
  void problems_nameEachBadSettingAndCredential_withoutTheirValues() {
    String token = UUID.randomUUID().toString();
    assertThat(driver.problems(config(token))).isEmpty();
    assertThat(driver.problems(new SinkConfig(Map.of(), Map.of())))
        .containsOnlyKeys("settings.address", "settings.path", "credentials");
    var problems =
        driver.problems(
            new SinkConfig(
                Map.of("address", "ftp://x", "path", "../up", "mount", "a//b", "color", "red"),
                Map.of("token", token, "role_id", "r")));
    assertThat(problems)
        .containsOnlyKeys(
            "settings.address", "settings.path", "settings.mount", "settings.color", "credentials");
    assertThat(problems.toString()).doesNotContain(token);
    assertThat(driver.problems(config(vault.address(), Map.of("role_id", "r"))))
        .containsEntry("credentials", "AppRole needs both role_id and secret_id");
  }

  @Test
  void fieldsThatAreNotText_areWrittenBackUnchanged() throws Exception {
    String token = vault.newToken();
    VaultClient client =
        new VaultClient(
            VaultClient.newHttpClient(Duration.ofSeconds(2)),
            new VaultConnection(
                java.net.URI.create(vault.address()),
                java.util.Optional.empty(),
                new VaultAuth.Token(token)),
            clock,
            Duration.ofSeconds(2));
    var theirs =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            VaultJson.MAPPER.readTree(
                "{\"port\":5432,\"tags\":[\"a\",\"b\"],\"tls\":{\"on\":true},\"none\":null}");
    client.write("secret", "apps/pay", 0, theirs.deepCopy());

    driver.deliver(config(token), delivery);

    var expected = theirs.deepCopy().put("api_key", secret());
    assertThat(client.read("secret", "apps/pay").orElseThrow().data()).isEqualTo(expected);
  }
}
