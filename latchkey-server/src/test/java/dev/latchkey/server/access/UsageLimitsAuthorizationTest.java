package dev.latchkey.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateRootKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.CreditChange;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.Key;
import dev.latchkey.api.RateLimit;
import dev.latchkey.api.Service;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.client.ForbiddenException;
import dev.latchkey.client.KeyFilter;
import dev.latchkey.client.LatchkeyClient;
import dev.latchkey.server.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key limit named like one of its consumer's overrides the consumer's shared limit for that key:
 * it changes what the consumer's keys may spend together, so it takes what changing the consumer's
 * limits takes — {@code consumers.write}, on a root key confined to no service. Limits of other
 * names, and a key's own credits, only narrow the key and need only the key permission.
 */
class UsageLimitsAuthorizationTest {
  static final RateLimit SHARED = new RateLimit("requests", 10L, "PT1S");
  static final RateLimit HUGE = new RateLimit("requests", 1_000_000_000L, "PT1S");
  static final RateLimit OWN = new RateLimit("bulk", 5L, "PT1M");

  @TempDir Path dir;
  TestServer t;
  LatchkeyClient admin;
  Service orders;
  String consumer;
  final List<LatchkeyClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    t = new TestServer(dir);
    admin = client(t.rootKey);
    orders = admin.services().create(new CreateService("orders", "ord"));
    consumer =
        admin
            .consumers()
            .create(new CreateConsumer("acme", null, null, List.of(SHARED), null))
            .id();
  }

  @AfterEach
  void stop() {
    clients.forEach(LatchkeyClient::close);
    t.close();
  }

  LatchkeyClient client(String rootKey) {
    LatchkeyClient c =
        LatchkeyClient.builder()
            .baseUri(t.uri())
            .rootKey(rootKey)
            .timeout(Duration.ofSeconds(5))
            .build();
    clients.add(c);
    return c;
  }

  LatchkeyClient rootKey(List<String> permissions, List<String> services) {
    return client(
        admin.rootKeys().create(new CreateRootKey("rk", permissions, null, services, null)).key());
  }

  CreateKey ofConsumer(List<RateLimit> limits, Credits credits) {
    return new CreateKey(
        orders.id(), consumer, null, null, null, null, null, null, null, limits, credits);
  }

  static UpdateKey limits(List<RateLimit> limits) {
    return new UpdateKey(null, null, null, null, null, null, null, limits, null);
  }

  long keyCount() {
    return admin.keys().listAll(KeyFilter.any()).count();
  }

  @Test
  void keysCreateAlone_cannotGiveAKeyAnOverrideOfItsConsumersLimit() {
    LatchkeyClient keysOnly = rootKey(List.of("keys.create", "keys.read"), null);
    long before = keyCount();

    assertThatThrownBy(() -> keysOnly.keys().create(ofConsumer(List.of(HUGE), null)))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("requests")
        .hasMessageContaining("consumers.write");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void keysCreateAlone_mayGiveLimitsOfOtherNames_andCredits() {
    LatchkeyClient keysOnly = rootKey(List.of("keys.create", "keys.read"), null);

    IssuedKey k = keysOnly.keys().create(ofConsumer(List.of(OWN), Credits.of(5)));

    assertThat(k.data().limits()).containsExactly(OWN);
    assertThat(k.data().credits().remaining()).isEqualTo(5);
  }

  @Test
  void consumersWrite_onAConfinedRootKey_isNotEnough() {
    LatchkeyClient confined =
        rootKey(List.of("keys.create", "keys.update", "consumers.write"), List.of(orders.id()));
    long before = keyCount();

    assertThatThrownBy(() -> confined.keys().create(ofConsumer(List.of(HUGE), null)))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("confined");
    assertThat(keyCount()).isEqualTo(before);
  }

  @Test
  void aConfinedRootKey_cannotSetAConsumersLimitsOrCredits_butMayRenameIt() {
    LatchkeyClient confined = rootKey(List.of("consumers.write"), List.of(orders.id()));

    assertThatThrownBy(
            () ->
                confined
                    .consumers()
                    .update(consumer, new UpdateConsumer(null, null, null, List.of(), null)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> confined.consumers().credits(consumer, CreditChange.add(5)))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(
            () ->
                confined
                    .consumers()
                    .create(new CreateConsumer("free", null, null, List.of(HUGE), null)))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.consumers().get(consumer).limits()).containsExactly(SHARED);
    assertThat(
            confined
                .consumers()
                .update(consumer, new UpdateConsumer("acme2", null, null, null, null))
                .name())
        .isEqualTo("acme2");
  }

  @Test
  void consumersWrite_onAnUnconfinedRootKey_mayOverride() {
    LatchkeyClient both = rootKey(List.of("keys.create", "consumers.write"), null);

    IssuedKey k = both.keys().create(ofConsumer(List.of(HUGE), null));

    assertThat(k.data().limits()).containsExactly(HUGE);
  }

  @Test
  void keysUpdateAlone_cannotPatchInAnOverride_orRaiseOne_butMayKeepOrDropIt() {
    LatchkeyClient keysOnly = rootKey(List.of("keys.update", "keys.read"), null);
    String plain = admin.keys().create(ofConsumer(List.of(), null)).data().id();
    RateLimit overridden = new RateLimit("requests", 20L, "PT1S");
    String withOverride = admin.keys().create(ofConsumer(List.of(overridden), null)).data().id();

    assertThatThrownBy(() -> keysOnly.keys().update(plain, limits(List.of(HUGE))))
        .isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> keysOnly.keys().update(withOverride, limits(List.of(HUGE))))
        .isInstanceOf(ForbiddenException.class);
    assertThat(admin.keys().get(plain).limits()).isEmpty();
    assertThat(admin.keys().get(withOverride).limits()).containsExactly(overridden);

    Key kept = keysOnly.keys().update(withOverride, limits(List.of(overridden, OWN)));
    assertThat(kept.limits()).containsExactly(overridden, OWN);
    Key dropped = keysOnly.keys().update(withOverride, limits(List.of(OWN)));
    assertThat(dropped.limits()).containsExactly(OWN);
    assertThat(keysOnly.keys().update(plain, limits(List.of(OWN))).limits()).containsExactly(OWN);
  }

  @Test
  void aKeyWithoutConsumer_mayHaveAnyLimit_givenByKeysCreateAlone() {
    LatchkeyClient keysOnly = rootKey(List.of("keys.create"), null);

    IssuedKey k =
        keysOnly
            .keys()
            .create(
                new CreateKey(
                    orders.id(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    List.of(HUGE),
                    null));

    assertThat(k.data().limits()).containsExactly(HUGE);
  }
}
