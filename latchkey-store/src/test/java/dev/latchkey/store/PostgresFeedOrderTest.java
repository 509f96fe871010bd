package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.store.Change;
import dev.latchkey.core.store.FeedEntry;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.Tx;
import dev.latchkey.store.testing.PostgresTestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL hands out sequence values at insert, not at commit: without the store's write lock, a
 * transaction could take seq 5, commit after another took and committed seq 6, and a follower that
 * had read up to 6 would never see 5. Concurrent writers here hold their transaction open a little
 * after appending, which makes such interleavings likely if anything allows them.
 */
class PostgresFeedOrderTest {
  private static final int WRITERS = 8;
  private static final int WRITES_EACH = 40;

  private PostgresTestDatabase database;
  private Store store;
  private String ws;

  @BeforeEach
  void open() {
    database = PostgresTestDatabase.create();
    store = SqlStores.openPostgres(database.url());
    ws = Fixtures.workspace(store);
  }

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    if (database != null) {
      database.close();
    }
  }

  @Test
  void concurrentWriters_produceAFeedThatAFollowerNeverSeesOutOfOrder() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(WRITERS + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      Future<Follower> reading = threads.submit(() -> follow(start, writing));
      List<Future<List<Long>>> writers = new ArrayList<>();
      for (int t = 0; t < WRITERS; t++) {
        writers.add(threads.submit(() -> appendChanges(start)));
      }
      start.countDown();
      List<Long> written = new ArrayList<>();
      for (Future<List<Long>> w : writers) {
        written.addAll(w.get(120, TimeUnit.SECONDS)); // rethrows a writer's failure
      }
      writing.set(false);
      Follower follower = reading.get(60, TimeUnit.SECONDS);

      assertThat(written).hasSize(WRITERS * WRITES_EACH).doesNotHaveDuplicates();
      assertThat(follower.polls).as("the follower read while writes went on").isGreaterThan(10);
      assertThat(follower.late).as("records that appeared below the follower's position").isEmpty();
      assertThat(follower.seen).containsExactlyInAnyOrderElementsOf(written);
    } finally {
      writing.set(false);
      threads.shutdownNow();
    }
  }

  private List<Long> appendChanges(CountDownLatch start) throws InterruptedException {
    start.await();
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < WRITES_EACH; i++) {
      int pause = ThreadLocalRandom.current().nextInt(3);
      seqs.add(
          store.write(
              tx -> {
                long seq =
                    tx.changes().append(new Change(ws, "key", "key_x", "updated", Fixtures.T0));
                sleep(pause); // committing a little later than another writer would
                return seq;
              }));
    }
    return seqs;
  }

  /** What a follower polling {@code after(position)} saw. */
  private static final class Follower {
    final List<Long> seen = new ArrayList<>();
    final Set<Long> late = new TreeSet<>();
    int polls;
  }

  private Follower follow(CountDownLatch start, AtomicBoolean writing) throws InterruptedException {
    start.await();
    Follower f = new Follower();
    long position = 0;
    boolean last = false;
    while (!last) {
      last = !writing.get(); // one more full read after the writers are done
      for (List<FeedEntry> batch = poll(position); !batch.isEmpty(); batch = poll(position)) {
        batch.forEach(e -> f.seen.add(e.seq()));
        position = batch.getLast().seq();
      }
      f.polls++;
      long below = position;
      store.read((Tx tx) -> tx.changes().after(0, 100_000)).stream()
          .map(FeedEntry::seq)
          .filter(seq -> seq <= below && !f.seen.contains(seq))
          .forEach(f.late::add);
    }
    return f;
  }

  private List<FeedEntry> poll(long position) {
    return store.read((Tx tx) -> tx.changes().after(position, 50));
  }

  private static void sleep(int millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
