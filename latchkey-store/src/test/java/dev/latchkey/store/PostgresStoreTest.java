package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.T0;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.api.Service;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on the real PostgreSQL, in a schema of this class's own; every test starts
 * from emptied tables. Plus what only the PostgreSQL store has: its URL forms and a second node.
 */
class PostgresStoreTest extends StoreContract {
  private static PostgresTestDatabase database;
  private final List<Store> others = new ArrayList<>();

  @BeforeAll
  static void createSchema() {
    database = PostgresTestDatabase.create();
  }

  @AfterAll
  static void dropSchema() {
    if (database != null) {
      database.close();
    }
  }

  @AfterEach
  void closeOthers() {
    others.forEach(Store::close);
  }

  @Override
  protected Store openStore() {
    Store opened = SqlStores.openPostgres(database.url());
    database.truncateAll();
    return opened;
  }

  @Test
  void writeThroughAnotherNode_wakesThisNodesListener_viaNotify() throws Exception {
    Store otherNode = SqlStores.openPostgres(database.url());
    others.add(otherNode);
    Semaphore woken = new Semaphore(0);
    try (AutoCloseable subscription = store.onChangesCommitted(woken::release)) {
      woken.drainPermits();

      write(otherNode, tx -> tx.changes().append(new Change(ws, "key", "key_1", "revoked", T0)));

      assertThat(woken.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void writeThroughAnotherNodeThatRollsBack_sendsNoNotification() throws Exception {
    Store otherNode = SqlStores.openPostgres(database.url());
    others.add(otherNode);
    Semaphore woken = new Semaphore(0);
    try (AutoCloseable subscription = store.onChangesCommitted(woken::release)) {
      woken.drainPermits();

      catchThrowable(
          () ->
              write(
                  otherNode,
                  tx -> {
                    tx.changes().append(new Change(ws, "key", "key_1", "revoked", T0));
                    throw new IllegalStateException("rolled back");
                  }));

      assertThat(woken.tryAcquire(500, TimeUnit.MILLISECONDS)).isFalse();
    }
  }

  /**
   * Why writes are serialised (see the package doc): a read-modify-write such as "find the key,
   * then write every column back" must not run beside another, or one of them (a revocation) would
   * be lost.
   */
  @Test
  void writesOfTwoNodes_runOneAtATime_andTheSecondSeesWhatTheFirstCommitted() throws Exception {
    Store otherNode = SqlStores.openPostgres(database.url());
    others.add(otherNode);
    Service first = Fixtures.service("first");
    CountDownLatch begun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> holding =
          threads.submit(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.services().insert(ws, first);
                        begun.countDown();
                        await(release);
                      }));
      assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Boolean> second =
          threads.submit(
              () -> otherNode.write((Tx tx) -> tx.services().find(ws, first.id()).isPresent()));

      Thread.sleep(300);
      assertThat(second).as("the second write waits for the first to end").isNotDone();
      release.countDown();
      holding.get(10, TimeUnit.SECONDS);
      assertThat(second.get(10, TimeUnit.SECONDS))
          .as("and then sees what the first committed")
          .isTrue();
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the latch");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void libpqUrl_opensTheSameDatabase() {
    Service s = Fixtures.service("payments");
    write(store, tx -> tx.services().insert(ws, s));
    String libpq = database.url().substring("jdbc:".length());

    try (Store viaLibpq = SqlStores.openPostgres(libpq)) {
      assertThat(viaLibpq.read((Tx tx) -> tx.services().find(ws, s.id()))).contains(s);
    }
  }

  @Test
  void urlThatIsNotPostgres_isStoreException_withoutRepeatingTheUrl() {
    Throwable thrown = catchThrowable(() -> SqlStores.openPostgres("mysql://u:hunter2@h/db"));

    assertThat(thrown).isInstanceOf(StoreException.class);
    assertThat(thrown.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void unreachableServer_isStoreException_withoutThePassword() {
    Throwable thrown =
        catchThrowable(() -> SqlStores.openPostgres("postgresql://u:hunter2@127.0.0.1:1/db"));

    assertThat(thrown).isInstanceOf(StoreException.class);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain("hunter2");
    }
  }
}
