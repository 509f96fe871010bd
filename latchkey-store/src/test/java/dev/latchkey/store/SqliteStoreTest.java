package dev.latchkey.store;

import static dev.latchkey.store.Fixtures.T0;
import static dev.latchkey.store.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.Service;
import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.PageRequest;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The store contract on a real SQLite file, plus what only SQLite has: WAL, locks, reopening. */
class SqliteStoreTest extends StoreContract {
  @TempDir Path dir;
  private final AtomicInteger opened = new AtomicInteger();
  private Path file;

  /** Own threads: the common pool may have a single thread, which a blocked writer would hold. */
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void stopThreads() {
    threads.shutdownNow();
  }

  @Override
  protected Store openStore() {
    file = dir.resolve("store-" + opened.incrementAndGet() + ".db");
    return SqlStores.openSqlite(file);
  }

  /** A connection of another process, as far as SQLite is concerned. */
  private Connection outsider(int busyTimeoutMillis) throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = " + busyTimeoutMillis);
    }
    return c;
  }

  private static String text(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void journalMode_isWal() throws SQLException {
    try (Connection c = outsider(0)) {
      assertThat(text(c, "PRAGMA journal_mode")).isEqualTo("wal");
    }
  }

  @Test
  void reopeningAnExistingFile_migratesNothingNew_andKeepsTheData() throws SQLException {
    Service s = Fixtures.service("payments");
    write(store, tx -> tx.services().insert(ws, s));
    String history = "SELECT COUNT(*) || ':' || MAX(installed_rank) FROM flyway_schema_history";
    String before;
    try (Connection c = outsider(0)) {
      before = text(c, history);
    }
    store.close();

    store = SqlStores.openSqlite(file);

    assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).contains(s);
    try (Connection c = outsider(0)) {
      assertThat(text(c, history)).isEqualTo(before).isEqualTo("11:11");
    }
  }

  @Test
  void openingCreatesMissingParentDirectories() {
    Path nested = dir.resolve("a/b/latchkey.db");

    try (Store s = SqlStores.openSqlite(nested)) {
      assertThat(s.isReachable()).isTrue();
    }
    assertThat(nested).exists();
  }

  @Test
  void openingAFileThatIsNotADatabase_isStoreException() throws Exception {
    Path garbage = dir.resolve("garbage.db");
    Files.writeString(garbage, "this is not a SQLite database, not at all. ".repeat(100));

    assertThatThrownBy(() -> SqlStores.openSqlite(garbage)).isInstanceOf(StoreException.class);
  }

  @Test
  void eightConcurrentWriters_allSucceed() throws Exception {
    int threads = 8;
    int writesEach = 25;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Long> seqs = new ArrayList<>();
                  for (int i = 0; i < writesEach; i++) {
                    Service s = Fixtures.service("t" + thread + "-" + i);
                    seqs.add(
                        store.write(
                            tx -> {
                              tx.services().insert(ws, s);
                              return tx.changes()
                                  .append(new Change(ws, "service", s.id(), "created", T0));
                            }));
                  }
                  return seqs;
                }));
      }
      start.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> r : results) {
        all.addAll(r.get(60, TimeUnit.SECONDS)); // rethrows any writer's failure
      }

      assertThat(all).hasSize(threads * writesEach).doesNotHaveDuplicates();
      assertThat(store.read((Tx tx) -> tx.changes().lastSeq()))
          .isEqualTo((long) threads * writesEach);
      assertThat(
              pageThrough(100, (PageRequest p) -> store.read((Tx tx) -> tx.services().list(ws, p))))
          .hasSize(threads * writesEach);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readers_seeCommittedData_whileAWriteIsInFlight() throws Exception {
    Service committed = Fixtures.service("committed");
    write(store, tx -> tx.services().insert(ws, committed));
    Service pending = Fixtures.service("pending");
    CountDownLatch inserted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);

    CompletableFuture<Void> writer =
        CompletableFuture.runAsync(
            () ->
                write(
                    store,
                    tx -> {
                      tx.services().insert(ws, pending);
                      inserted.countDown();
                      await(release);
                    }),
            threads);
    try {
      assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();

      List<Service> seen =
          CompletableFuture.supplyAsync(
                  () ->
                      store.read((Tx tx) -> tx.services().list(ws, PageRequest.first(10)).items()),
                  threads)
              .get(5, TimeUnit.SECONDS);

      assertThat(seen).containsExactly(committed);
      assertThat(store.findCredential(Fixtures.digest())).isEmpty();
    } finally {
      release.countDown();
    }
    writer.get(10, TimeUnit.SECONDS);
    assertThat(store.read((Tx tx) -> tx.services().find(ws, pending.id()))).contains(pending);
  }

  @Test
  void writeTransaction_holdsTheWriteLockFromItsFirstStatement() throws Exception {
    CountDownLatch begun = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Optional<String>> writer =
        CompletableFuture.supplyAsync(
            () ->
                store.write(
                    tx -> {
                      Optional<String> first = tx.workspaces().firstId(); // reads only
                      begun.countDown();
                      await(release);
                      return first;
                    }),
            threads);
    try (Connection c = outsider(0)) {
      assertThat(begun.await(10, TimeUnit.SECONDS)).isTrue();

      assertThatThrownBy(() -> c.createStatement().execute("BEGIN IMMEDIATE"))
          .isInstanceOfSatisfying(
              SQLiteException.class,
              e -> assertThat(e.getResultCode()).isEqualTo(SQLiteErrorCode.SQLITE_BUSY));
      release.countDown();
      writer.get(10, TimeUnit.SECONDS);
      c.createStatement().execute("BEGIN IMMEDIATE"); // free again once the write ended
      c.createStatement().execute("ROLLBACK");
    } finally {
      release.countDown();
    }
  }

  @Test
  void writeWaitsForAnotherProcessHoldingTheLock_insteadOfFailing() throws Exception {
    Service s = Fixtures.service("payments");
    try (Connection c = outsider(0)) {
      c.createStatement().execute("BEGIN IMMEDIATE");
      CompletableFuture<Void> writer =
          CompletableFuture.runAsync(
              () -> write(store, tx -> tx.services().insert(ws, s)), threads);
      Thread.sleep(300); // the write is now waiting on the lock (busy_timeout is seconds)
      assertThat(writer).isNotDone();
      c.createStatement().execute("COMMIT");

      writer.get(10, TimeUnit.SECONDS);
    }
    assertThat(store.read((Tx tx) -> tx.services().find(ws, s.id()))).contains(s);
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
}
