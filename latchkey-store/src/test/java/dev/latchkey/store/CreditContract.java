package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.limit.Balance;
import dev.latchkey.core.limit.CreditSpend;
import dev.latchkey.core.limit.Refill;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with credit balances ({@link dev.latchkey.core.store.CreditRepository}
 * and {@link Store#spendCredits}), run against each implementation by subclassing: refills at their
 * boundaries with explicit times, all or nothing across a key's and its consumer's balance, and
 * exactness when many clients on two nodes spend one balance at once.
 */
abstract class CreditContract {
  static final Instant NOW = Instant.parse("2026-03-01T10:20:00Z");
  static final Refill HOURLY = new Refill(100, Duration.ofHours(1), null);

  /** A new, empty, migrated store. */
  protected abstract Store openStore();

  /** A second store on the same database as the last {@link #openStore()}: another node. */
  protected abstract Store openAnotherNode();

  protected Store store;
  private final List<Store> nodes = new ArrayList<>();
  String ws;
  String other;
  final String key = Ids.newId("key");
  final String consumer = Ids.newId("con");

  @BeforeEach
  void openAndSeed() {
    store = openStore();
    ws = Fixtures.workspace(store);
    other = Fixtures.workspace(store);
  }

  @AfterEach
  void closeStores() {
    nodes.forEach(Store::close);
    if (store != null) {
      store.close();
    }
  }

  void put(String workspaceId, String owner, long remaining, Instant refilledAt) {
    put(workspaceId, owner, plain(remaining, refilledAt));
  }

  void put(String workspaceId, String owner, Balance balance) {
    write(store, tx -> tx.credits().put(workspaceId, owner, balance));
  }

  /** A balance without refill. */
  static Balance plain(long remaining, Instant refilledAt) {
    return new Balance(remaining, refilledAt, null);
  }

  Balance balance(String owner) {
    return store.read((Tx tx) -> tx.credits().find(ws, owner)).orElseThrow();
  }

  CreditSpend spend(long cost, Instant at, String... owners) {
    return store.spendCredits(ws, List.of(owners), cost, at);
  }

  @Nested
  class Repository {
    @Test
    void put_thenFind_roundTrips_inItsWorkspaceOnly() {
      put(ws, key, 42, NOW);

      assertThat(store.read((Tx tx) -> tx.credits().find(ws, key))).contains(plain(42, NOW));
      assertThat(store.read((Tx tx) -> tx.credits().find(other, key))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.credits().find(ws, consumer))).isEmpty();
    }

    @Test
    void put_replacesTheBalance() {
      put(ws, key, 42, NOW);
      put(ws, key, 7, NOW.plusSeconds(1));

      assertThat(balance(key)).isEqualTo(plain(7, NOW.plusSeconds(1)));
    }

    @Test
    void findAll_returnsTheOwnersHoldingABalance() {
      put(ws, key, 1, NOW);
      put(ws, consumer, 2, NOW);
      put(other, "key_elsewhere", 3, NOW);

      Map<String, Balance> found =
          store.read(
              (Tx tx) ->
                  tx.credits().findAll(ws, List.of(key, consumer, "key_none", "key_elsewhere")));

      assertThat(found)
          .containsOnly(Map.entry(key, plain(1, NOW)), Map.entry(consumer, plain(2, NOW)));
      assertThat(store.read((Tx tx) -> tx.credits().findAll(ws, List.of()))).isEmpty();
    }

    @Test
    void delete_removesTheBalance_ofThatWorkspaceOnly() {
      put(ws, key, 1, NOW);
      put(other, key, 1, NOW);

      write(store, tx -> tx.credits().delete(ws, key));

      assertThat(store.read((Tx tx) -> tx.credits().find(ws, key))).isEmpty();
      assertThat(store.read((Tx tx) -> tx.credits().find(other, key))).isPresent();
    }
  }

  @Nested
  class Spend {
    @Test
    void enoughOnEveryAccount_takesTheCostFromEach() {
      put(ws, key, 10, NOW);
      put(ws, consumer, 50, NOW);

      CreditSpend spent = spend(3, NOW, key, consumer);

      assertThat(spent.admitted()).isTrue();
      assertThat(spent.accounts())
          .containsExactly(
              new CreditSpend.Account(key, true, 7, false),
              new CreditSpend.Account(consumer, true, 47, false));
      assertThat(spent.smallestRemaining()).hasValue(7);
      assertThat(balance(key).remaining()).isEqualTo(7);
      assertThat(balance(consumer).remaining()).isEqualTo(47);
    }

    @Test
    void oneAccountShort_deniesAndSpendsNothingAnywhere() {
      put(ws, key, 10, NOW);
      put(ws, consumer, 2, NOW);

      CreditSpend denied = spend(3, NOW, key, consumer);

      assertThat(denied.admitted()).isFalse();
      assertThat(denied.denied())
          .hasValueSatisfying(a -> assertThat(a.ownerId()).isEqualTo(consumer));
      assertThat(denied.accounts())
          .containsExactly(
              new CreditSpend.Account(key, true, 10, false),
              new CreditSpend.Account(consumer, true, 2, true));
      assertThat(balance(key)).isEqualTo(plain(10, NOW));
      assertThat(balance(consumer)).isEqualTo(plain(2, NOW));
    }

    @Test
    void exactBalance_isAdmitted_andLeavesZero_thenDenies() {
      put(ws, key, 3, NOW);

      assertThat(spend(3, NOW, key).admitted()).isTrue();
      assertThat(spend(1, NOW, key).admitted()).isFalse();
      assertThat(balance(key).remaining()).isZero();
    }

    @Test
    void costZero_spendsNothing_andAnswersWhetherAUnitIsLeft() {
      put(ws, key, 1, NOW);
      put(ws, consumer, 0, NOW);

      assertThat(spend(0, NOW, key).admitted()).isTrue();
      assertThat(spend(0, NOW, consumer).admitted()).isFalse();
      assertThat(balance(key).remaining()).isEqualTo(1);
    }

    @Test
    void ownerWithoutBalance_limitsNothing() {
      put(ws, consumer, 5, NOW);

      CreditSpend spent = spend(2, NOW, key, consumer);

      assertThat(spent.admitted()).isTrue();
      assertThat(spent.accounts().getFirst().hasBalance()).isFalse();
      assertThat(spent.smallestRemaining()).hasValue(3);
      assertThat(store.read((Tx tx) -> tx.credits().find(ws, key))).isEmpty();
    }

    @Test
    void noAccounts_isAdmitted() {
      CreditSpend spent = store.spendCredits(ws, List.of(), 5, NOW);

      assertThat(spent.admitted()).isTrue();
      assertThat(spent.smallestRemaining()).isEmpty();
    }

    @Test
    void sameOwnerTwice_isRefused_andSpendsNothing() {
      put(ws, key, 5, NOW);

      assertThatThrownBy(() -> spend(1, NOW, key, key))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(balance(key).remaining()).isEqualTo(5);
    }

    @Test
    void anotherWorkspacesBalance_isNeitherSpentNorCounted() {
      put(other, key, 5, NOW);

      CreditSpend spent = spend(1, NOW, key);

      assertThat(spent.accounts().getFirst().hasBalance()).isFalse();
      assertThat(store.read((Tx tx) -> tx.credits().find(other, key))).contains(plain(5, NOW));
    }
  }

  @Nested
  class Refills {
    final Instant boundary = Instant.parse("2026-03-01T11:00:00Z");

    void hourly(String owner, long remaining, Instant refilledAt) {
      put(ws, owner, new Balance(remaining, refilledAt, HOURLY));
    }

    Balance hourly(long remaining, Instant refilledAt) {
      return new Balance(remaining, refilledAt, HOURLY);
    }

    @Test
    void intervalRefill_topsUpAtTheBoundary_notAMillisecondBefore() {
      hourly(key, 0, HOURLY.lastBoundary(NOW));

      assertThat(spend(1, boundary.minusMillis(1), key).admitted()).isFalse();
      CreditSpend atBoundary = spend(1, boundary, key);

      assertThat(atBoundary.admitted()).isTrue();
      assertThat(atBoundary.accounts().getFirst().remaining()).isEqualTo(99);
      assertThat(balance(key)).isEqualTo(hourly(99, boundary));
    }

    @Test
    void aRefill_isAppliedOncePerBoundary() {
      hourly(key, 0, HOURLY.lastBoundary(NOW));

      assertThat(spend(60, boundary, key).admitted()).isTrue();
      assertThat(spend(60, boundary.plusSeconds(1800), key).admitted()).isFalse();
      assertThat(spend(40, boundary.plusSeconds(3599), key).admitted()).isTrue();
      assertThat(spend(1, boundary.plusSeconds(3599), key).admitted()).isFalse();
      assertThat(spend(100, boundary.plusSeconds(3600), key).admitted()).isTrue();
    }

    @Test
    void aRefill_neverTakesAwayCreditsAboveItsAmount() {
      hourly(key, 500, HOURLY.lastBoundary(NOW));

      CreditSpend spent = spend(1, boundary, key);

      assertThat(spent.accounts().getFirst().remaining()).isEqualTo(499);
      assertThat(balance(key)).isEqualTo(hourly(499, boundary));
    }

    @Test
    void manyMissedBoundaries_refillOnce_toTheAmount() {
      hourly(key, 3, HOURLY.lastBoundary(NOW));

      CreditSpend spent = spend(1, boundary.plus(Duration.ofDays(3)), key);

      assertThat(spent.accounts().getFirst().remaining()).isEqualTo(99);
      assertThat(balance(key).refilledAt()).isEqualTo(boundary.plus(Duration.ofDays(3)));
    }

    @Test
    void aDeniedSpend_seesTheRefillOfTheOtherAccount_butWritesNoSpend() {
      hourly(key, 0, HOURLY.lastBoundary(NOW));
      put(ws, consumer, 0, NOW);

      CreditSpend denied = spend(1, boundary, key, consumer);

      assertThat(denied.admitted()).isFalse();
      assertThat(denied.accounts().getFirst().remaining()).isEqualTo(100);
      assertThat(balance(key).remaining()).isEqualTo(100);
      assertThat(balance(consumer).remaining()).isZero();
    }

    @Test
    void dayOfMonth31_refillsAt0000UtcOnTheLastDayOfFebruary() {
      Refill monthly = new Refill(1000, null, 31);
      Instant jan31 = Instant.parse("2026-01-31T00:00:00Z");
      Instant feb28 = Instant.parse("2026-02-28T00:00:00Z");
      put(ws, consumer, new Balance(0, jan31, monthly));

      assertThat(spend(1, feb28.minusMillis(1), consumer).admitted()).isFalse();
      assertThat(spend(1, feb28, consumer).accounts().getFirst().remaining()).isEqualTo(999);
      assertThat(balance(consumer)).isEqualTo(new Balance(999, feb28, monthly));
    }

    @Test
    void aClockBehindTheLastRefill_refillsNothing_andSpendsNormally() {
      hourly(key, 5, boundary);

      CreditSpend spent = spend(1, boundary.minusSeconds(10), key);

      assertThat(spent.accounts().getFirst().remaining()).isEqualTo(4);
      assertThat(balance(key)).isEqualTo(hourly(4, boundary));
    }

    @Test
    void theRefillPolicy_roundTrips_andIsReplacedWithTheBalance() {
      Refill monthly = new Refill(7, null, 1);
      hourly(key, 5, boundary);

      assertThat(balance(key).refill()).isEqualTo(HOURLY);
      put(ws, key, new Balance(5, boundary, monthly));
      assertThat(balance(key).refill()).isEqualTo(monthly);
      put(ws, key, 5, boundary);
      assertThat(balance(key).refill()).isNull();
    }

    @Test
    void aSpend_appliesThePolicyStoredWithTheBalance_notAnEarlierOne() {
      // Was hourly; management replaced the policy with a monthly one, counting this month's
      // boundary as applied. The hourly boundaries since then must not top the balance up.
      Refill monthly = new Refill(100, null, 1);
      put(ws, key, Balance.start(0, monthly, NOW));

      CreditSpend spent = spend(1, boundary, key);

      assertThat(spent.admitted()).isFalse();
      assertThat(balance(key).remaining()).isZero();
    }

    @Test
    void spends_keepThePolicy() {
      hourly(key, 5, boundary);

      spend(1, boundary, key);

      assertThat(balance(key)).isEqualTo(hourly(4, boundary));
    }
  }

  @Nested
  class Concurrency {
    private final ExecutorService threads = Executors.newFixedThreadPool(64);

    @AfterEach
    void stopThreads() {
      threads.shutdownNow();
    }

    /** Runs {@code clients} clients, each making {@code attempts} spends; counts the admitted. */
    private int run(int clients, int attempts, Spender spender) throws Exception {
      Store second = openAnotherNode();
      nodes.add(second);
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger admitted = new AtomicInteger();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int client = c;
        Store node = c % 2 == 0 ? store : second;
        done.add(
            threads.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < attempts; i++) {
                    if (spender.spend(node, client).admitted()) {
                      admitted.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS); // rethrows a client's failure (a deadlock, a busy store)
      }
      return admitted.get();
    }

    interface Spender {
      CreditSpend spend(Store node, int client);
    }

    @Test
    void sixtyFourClientsOnTwoNodes_spendExactlyTheBalance() throws Exception {
      put(ws, key, 1_000, NOW);

      int admitted = run(64, 20, (node, client) -> node.spendCredits(ws, List.of(key), 1, NOW));

      assertThat(admitted).isEqualTo(1_000);
      assertThat(balance(key).remaining()).isZero();
    }

    @Test
    void keysSharingAConsumerBalance_inEitherOrder_areExact_andNeverDeadlock() throws Exception {
      put(ws, key, 1_000, NOW);
      put(ws, consumer, 600, NOW);

      int admitted =
          run(
              64,
              12,
              (node, client) ->
                  node.spendCredits(
                      ws,
                      client % 4 < 2 ? List.of(key, consumer) : List.of(consumer, key),
                      1,
                      NOW));

      assertThat(admitted).isEqualTo(600);
      assertThat(balance(key).remaining()).isEqualTo(400);
      assertThat(balance(consumer).remaining()).isZero();
    }
  }
}
