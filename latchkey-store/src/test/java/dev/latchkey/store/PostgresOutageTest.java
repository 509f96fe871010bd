package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.Service;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import dev.latchkey.store.testing.PostgresTestDatabase;
import dev.latchkey.store.testing.TcpProxy;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A store cut off from PostgreSQL (a proxy between them closes every connection and refuses new
 * ones, as a database that went down would) answers quickly that it is unreachable, fails calls
 * with {@link StoreException} within a few seconds, and works again, with no restart, once the
 * database is back.
 */
class PostgresOutageTest {
  private PostgresTestDatabase database;
  private TcpProxy proxy;
  private Store store;
  private Store direct;
  private String ws;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create();
    proxy = TcpProxy.start(database.host(), database.port());
    store = SqlStores.openPostgres(database.urlVia(proxy.port()));
    direct = SqlStores.openPostgres(database.url());
    ws = Fixtures.workspace(store);
  }

  @AfterEach
  void close() {
    for (AutoCloseable c : new AutoCloseable[] {store, direct, proxy, database}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // closing what is left of the test
      }
    }
  }

  @Test
  void whileCutOff_isReachableSaysNoWithinAboutASecond() {
    proxy.cut();

    long started = System.nanoTime();
    boolean reachable = store.isReachable();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(reachable).isFalse();
    assertThat(took).isLessThan(Duration.ofMillis(1_600));
  }

  @Test
  void whileCutOff_writesAndReadsFailFast_withStoreException() {
    proxy.cut();

    long started = System.nanoTime();
    assertThatThrownBy(() -> Fixtures.workspace(store)).isInstanceOf(StoreException.class);
    assertThatThrownBy(() -> store.read((Tx tx) -> tx.changes().lastSeq()))
        .isInstanceOf(StoreException.class);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took)
        .as("two calls, each bounded by the 3 s pool wait")
        .isLessThan(Duration.ofSeconds(8));
  }

  @Test
  void whileCutOff_closingTheStore_takesNoLongerThanOneConnectTimeout() {
    proxy.cut();
    assertThatThrownBy(() -> Fixtures.workspace(store)).isInstanceOf(StoreException.class);

    long started = System.nanoTime();
    store.close();
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofMillis(4_500));
  }

  @Test
  void whenTheDatabaseReturns_theSameStoreWorksAgain_andNothingWasLost() throws Exception {
    Service before = Fixtures.service("before");
    Fixtures.write(store, tx -> tx.services().insert(ws, before));
    proxy.cut();
    assertThat(store.isReachable()).isFalse();

    proxy.restore();

    Service after = Fixtures.service("after");
    awaitTrue(store::isReachable, Duration.ofSeconds(10));
    Fixtures.write(store, tx -> tx.services().insert(ws, after));
    assertThat(store.read((Tx tx) -> tx.services().find(ws, before.id()))).contains(before);
    assertThat(direct.read((Tx tx) -> tx.services().find(ws, after.id()))).contains(after);
  }

  @Test
  void listenerReconnects_wakesOnceForWhatItMayHaveMissed_thenHearsOtherNodesAgain()
      throws Exception {
    Semaphore woken = new Semaphore(0);
    try (AutoCloseable subscription = store.onChangesCommitted(woken::release)) {
      proxy.cut();
      Fixtures.write(
          direct, tx -> tx.changes().append(new Change(ws, "key", "k1", "revoked", Fixtures.T0)));
      woken.drainPermits();

      proxy.restore();

      assertThat(woken.tryAcquire(10, TimeUnit.SECONDS))
          .as("woken after reconnecting, for the change committed meanwhile")
          .isTrue();
      woken.drainPermits();
      Fixtures.write(
          direct, tx -> tx.changes().append(new Change(ws, "key", "k2", "revoked", Fixtures.T0)));
      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).as("notified again").isTrue();
    }
  }

  private static void awaitTrue(java.util.function.BooleanSupplier condition, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still false after " + limit);
      }
      Thread.sleep(50);
    }
  }
}
