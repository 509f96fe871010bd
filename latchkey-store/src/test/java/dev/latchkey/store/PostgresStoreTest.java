package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.T0;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.api.Service;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.KeyRow;
import dev.latchkey.core.store.RootKeyRow;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.time.Instant;
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
   * Why the core reads what it rewrites with {@code findForUpdate} (see the package doc): a
   * read-check-write beside another on the same row must wait for it and then see what it
   * committed, or one of them (a revocation) would be lost.
   */
  @Test
  void findForUpdate_makesASecondRewriterWait_andThenSeeTheCommit() throws Exception {
    Store otherNode = SqlStores.openPostgres(database.url());
    others.add(otherNode);
    Service service = insertService(ws, "payments");
    KeyRow key = insertKey(Fixtures.key(ws, service.id(), null));
    CountDownLatch locked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> revoking =
          threads.submit(
              () ->
                  write(
                      store,
                      tx -> {
                        KeyRow found = tx.keys().findForUpdate(ws, key.id()).orElseThrow();
                        locked.countDown();
                        await(release);
                        tx.keys().update(found.revoked(Instant.ofEpochMilli(1_000), "test"));
                      }));
      assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
      Future<KeyRow> patching =
          threads.submit(
              () ->
                  otherNode.write((Tx tx) -> tx.keys().findForUpdate(ws, key.id()).orElseThrow()));
      Thread.sleep(300);
      assertThat(patching).as("the second rewriter waits for the first").isNotDone();
      release.countDown();
      revoking.get(10, TimeUnit.SECONDS);
      assertThat(patching.get(10, TimeUnit.SECONDS).revokedAt())
          .as("and then reads the revocation")
          .isNotNull();
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void writesOfDifferentRows_runAtTheSameTime() throws Exception {
    Store otherNode = SqlStores.openPostgres(database.url());
    others.add(otherNode);
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> holding =
          threads.submit(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.services().insert(ws, Fixtures.service("first"));
                        inside.countDown();
                        await(release);
                      }));
      assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
      Service second = Fixtures.service("second");
      otherNode.write(
          (Tx tx) -> {
            tx.services().insert(ws, second);
            return null;
          });
      assertThat(holding).as("the second write finished while the first was open").isNotDone();
      release.countDown();
      holding.get(10, TimeUnit.SECONDS);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void countingLiveWildcardKeys_locksThem_soRacingRevocationsQueue() throws Exception {
    Store otherNode = SqlStores.openPostgres(database.url());
    others.add(otherNode);
    RootKeyRow root =
        new RootKeyRow(
            dev.latchkey.core.secret.Ids.newId("rk"),
            ws,
            "all",
            "lk_root_AbCd",
            java.util.List.of("*"),
            null,
            Instant.ofEpochMilli(0),
            null,
            null,
            null,
            List.of());
    write(store, tx -> tx.rootKeys().insert(root));
    CountDownLatch counted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<?> first =
          threads.submit(
              () ->
                  write(
                      store,
                      tx -> {
                        tx.rootKeys().countLiveHoldingAll(ws, Instant.ofEpochMilli(0));
                        counted.countDown();
                        await(release);
                        tx.rootKeys().update(root.revoked(Instant.ofEpochMilli(1_000), "x"));
                      }));
      assertThat(counted.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Long> second =
          threads.submit(
              () ->
                  otherNode.write(
                      (Tx tx) -> tx.rootKeys().countLiveHoldingAll(ws, Instant.ofEpochMilli(0))));
      Thread.sleep(300);
      assertThat(second).as("the second count waits").isNotDone();
      release.countDown();
      first.get(10, TimeUnit.SECONDS);
      assertThat(second.get(10, TimeUnit.SECONDS).longValue())
          .as("and then counts what is left")
          .isZero();
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
