package dev.latchkey.server.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.CreateConsumer;
import dev.latchkey.api.CreateKey;
import dev.latchkey.api.CreateService;
import dev.latchkey.api.Credits;
import dev.latchkey.api.IssuedKey;
import dev.latchkey.api.UpdateConsumer;
import dev.latchkey.api.UpdateKey;
import dev.latchkey.api.Verdict;
import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.access.Principal;
import dev.latchkey.core.access.condition.Conditions;
import dev.latchkey.core.manage.Bootstrap;
import dev.latchkey.core.manage.Caller;
import dev.latchkey.core.manage.Consumers;
import dev.latchkey.core.manage.Keys;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.manage.Services;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A verifier whose cache still holds a key (or consumer) from before its credit policy changed: the
 * spend must apply the policy as stored now, not the cached one. The verifier under test is not the
 * one the mutations evict, so its cache stays stale for as long as the test needs.
 */
class StaleCachedPolicyTest {
  static final Instant NOON = Instant.parse("2031-05-10T12:00:00Z");
  static final Credits DAILY_MILLION =
      new Credits(1_000_000L, Credits.Refill.every(1_000_000, "P1D"));
  static final Credits NOTHING_UNTIL_THE_FIRST = new Credits(0L, Credits.Refill.monthly(100, 1));

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(NOON);
  Store store;
  Mutations mutations;
  Keys keys;
  Consumers consumers;
  Caller caller;
  String workspace;
  String service;
  Verifier stale;

  @BeforeEach
  void open() {
    store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    mutations =
        new Mutations(store, Verifier.create(store, clock, CacheSettings.defaults()), clock);
    workspace = new Bootstrap(store, mutations).run(Optional.empty(), k -> {}).workspaceId();
    caller = new Caller(Principal.system(workspace), "test", "local");
    keys = new Keys(store, clock, Conditions.create());
    consumers = new Consumers(store, clock);
    service =
        mutations
            .run(caller, m -> new Services(store).create(m, new CreateService("orders", "ord")))
            .id();
    stale = Verifier.create(store, clock, CacheSettings.defaults());
  }

  @AfterEach
  void close() {
    store.close();
  }

  IssuedKey key(String consumer, Credits credits) {
    return mutations.run(
        caller,
        m ->
            keys.create(
                m,
                new CreateKey(
                    service, consumer, null, null, null, null, null, null, null, null, credits)));
  }

  Verdict verify(IssuedKey key) {
    return stale.verify(workspace, key.key());
  }

  @Test
  void keyPolicyChanged_aVerifierHoldingTheOldRow_spendsUnderTheNewPolicy() {
    IssuedKey key = key(null, DAILY_MILLION);
    assertThat(verify(key).creditsRemaining()).isEqualTo(999_999); // cached: daily refill
    UpdateKey toMonthly =
        new UpdateKey(
            null, null, null, null, null, null, null, null, Optional.of(NOTHING_UNTIL_THE_FIRST));
    mutations.run(caller, m -> keys.update(m, key.data().id(), toMonthly));

    // The old policy's boundary (today 00:00) is later than the new one's (the 1st): a spend
    // under the old policy would top the balance up to a million, and write it.
    Verdict after = verify(key);

    assertThat(after.code()).isEqualTo(VerifyCode.USAGE_EXCEEDED);
    assertThat(after.creditsRemaining()).isZero();
    assertThat(keys.get(caller.principal(), key.data().id()).credits().remaining()).isZero();
  }

  @Test
  void consumerPolicyChanged_aVerifierHoldingTheOldLimits_spendsUnderTheNewPolicy() {
    String consumer =
        mutations
            .run(
                caller,
                m ->
                    consumers.create(
                        m, new CreateConsumer("acme", null, null, null, DAILY_MILLION)))
            .id();
    IssuedKey key = key(consumer, null);
    assertThat(verify(key).creditsRemaining()).isEqualTo(999_999);
    UpdateConsumer toMonthly =
        new UpdateConsumer(null, null, null, null, Optional.of(NOTHING_UNTIL_THE_FIRST));
    mutations.run(caller, m -> consumers.update(m, consumer, toMonthly));

    Verdict after = verify(key);

    assertThat(after.code()).isEqualTo(VerifyCode.USAGE_EXCEEDED);
    assertThat(consumers.get(caller.principal(), consumer).credits().remaining()).isZero();
  }

  @Test
  void consumerGivenCreditsAfterItsKeyWasCached_isChargedWhenTheKeyHasCreditsOfItsOwn() {
    String consumer =
        mutations
            .run(
                caller,
                m -> consumers.create(m, new CreateConsumer("acme", null, null, null, null)))
            .id();
    IssuedKey key = key(consumer, Credits.of(10));
    assertThat(verify(key).creditsRemaining()).isEqualTo(9);
    mutations.run(
        caller,
        m ->
            consumers.update(
                m,
                consumer,
                new UpdateConsumer(null, null, null, null, Optional.of(Credits.of(0)))));

    Verdict after = verify(key);

    assertThat(after.code()).isEqualTo(VerifyCode.USAGE_EXCEEDED);
    assertThat(keys.get(caller.principal(), key.data().id()).credits().remaining()).isEqualTo(9);
  }
}
