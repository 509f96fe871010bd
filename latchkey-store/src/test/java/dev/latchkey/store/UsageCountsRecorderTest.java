package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.api.VerifyCode;
import dev.latchkey.core.store.KeyLastUse;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.UsageGranularity;
import dev.latchkey.core.store.UsageRepository;
import dev.latchkey.core.store.UsageRepository.Bucket;
import dev.latchkey.core.verify.UsageCounts;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usage counter of verification ({@link UsageCounts}) writing to a real SQLite store: exact
 * counts under concurrent recording and flushing, one row per minute and outcome however many
 * verifications, what a crash can lose, failed flushes, the memory bound, last uses. Times are
 * passed explicitly, as the verifier passes its clock's. (It lives here because it needs a store.)
 */
class UsageCountsRecorderTest {
  private static final long NOON = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private static final String WS = "ws_1";
  private static final String SVC = "svc_1";

  @TempDir Path dir;
  private Path file;
  private Store store;
  private UsageCounts usage;

  @BeforeEach
  void open() {
    file = dir.resolve("latchkey.db");
    store = SqlStores.openSqlite(file);
    usage = new UsageCounts(store, java.time.Clock.systemUTC());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<Bucket> minutes(String keyId) {
    return store.read(
        tx ->
            tx.usage()
                .series(
                    WS,
                    UsageRepository.Subject.KEY,
                    keyId,
                    UsageGranularity.MINUTE,
                    NOON - 3_600_000,
                    NOON + 3_600_000));
  }

  private void verified(String keyId, VerifyCode code, long at) {
    usage.record(WS, keyId, SVC, code, "203.0.113.7", at);
  }

  @Test
  void manyVerifications_areOneRowPerMinuteAndOutcome_inOneFlush() {
    for (int i = 0; i < 1000; i++) {
      verified("key_a", VerifyCode.VALID, NOON + i);
    }
    verified("key_a", VerifyCode.RATE_LIMITED, NOON + 5);
    verified("key_a", VerifyCode.VALID, NOON + 60_000); // the next minute
    usage.flush(NOON + 60_001);

    assertThat(minutes("key_a"))
        .containsExactly(
            new Bucket(NOON, "RATE_LIMITED", 1),
            new Bucket(NOON, "VALID", 1000),
            new Bucket(NOON + 60_000, "VALID", 1));
    assertThat(rows()).isEqualTo(3);
  }

  @Test
  void concurrentRecordingAndFlushing_countsEveryVerificationExactlyOnce() throws Exception {
    int threads = 4;
    int each = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String keyId = "key_" + (t % 2); // two threads per key: contended counters
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    await(start);
                    for (int i = 0; i < each; i++) {
                      // crosses a minute boundary half way: a roll while others record
                      verified(keyId, VerifyCode.VALID, NOON + 30_000 + i);
                    }
                  }));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    Thread flusher =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (running.get()) {
                    usage.flush(NOON + 30_000);
                  }
                });
    start.countDown();
    for (Thread w : workers) {
      w.join();
    }
    running.set(false);
    flusher.join();
    usage.flush(NOON + 90_000);

    for (String keyId : List.of("key_0", "key_1")) {
      long total = minutes(keyId).stream().mapToLong(Bucket::count).sum();
      assertThat(total).as(keyId).isEqualTo(2L * each);
      assertThat(minutes(keyId)).extracting(Bucket::start).containsOnly(NOON, NOON + 60_000);
    }
  }

  @Test
  void aCrash_losesOnlyWhatWasRecordedSinceTheLastFlush() {
    verified("key_a", VerifyCode.VALID, NOON);
    usage.flush(NOON + 1_000); // the server flushes every second
    verified("key_a", VerifyCode.VALID, NOON + 1_500);

    // The process dies: a new recorder on the same store, the old one never flushed again.
    UsageCounts afterRestart = new UsageCounts(store, java.time.Clock.systemUTC());
    afterRestart.flush(NOON + 2_000);

    assertThat(minutes("key_a")).containsExactly(new Bucket(NOON, "VALID", 1));
  }

  @Test
  void failedFlush_keepsItsCounts_andTheNextFlushWritesThemOnce() {
    verified("key_a", VerifyCode.VALID, NOON);
    execute("ALTER TABLE usage_counts RENAME TO usage_counts_away");

    assertThatThrownBy(() -> usage.flush(NOON + 1_000)).isInstanceOf(StoreException.class);
    verified("key_a", VerifyCode.VALID, NOON + 61_000); // the next minute, while the store fails
    assertThatThrownBy(() -> usage.flush(NOON + 70_000)).isInstanceOf(StoreException.class);

    execute("ALTER TABLE usage_counts_away RENAME TO usage_counts");
    usage.flush(NOON + 71_000);
    usage.flush(NOON + 72_000);

    assertThat(minutes("key_a"))
        .containsExactly(new Bucket(NOON, "VALID", 1), new Bucket(NOON + 60_000, "VALID", 1));
  }

  @Test
  void memoryIsBounded_newKeysAreDropped_untilIdleOnesAreForgotten() {
    for (int i = 0; i < UsageCounts.MAX_COUNTERS + 10; i++) {
      verified("key_" + i, VerifyCode.VALID, NOON);
    }
    usage.flush(NOON + 1_000);
    assertThat(rows()).isEqualTo(UsageCounts.MAX_COUNTERS);
    verified("key_late", VerifyCode.VALID, NOON + 2_000);
    usage.flush(NOON + 3_000);
    assertThat(minutes("key_late")).as("still full: held counters are current").isEmpty();

    usage.flush(NOON + 120_000); // the minute has ended and is written: counters forgotten
    verified("key_late", VerifyCode.VALID, NOON + 121_000);
    usage.flush(NOON + 122_000);

    assertThat(minutes("key_late")).containsExactly(new Bucket(NOON + 120_000, "VALID", 1));
  }

  @Test
  void lastUse_isWrittenOncePerSecond_withTheClientAddressOnlyWhenItIsAnIpLiteral() {
    usage.record(WS, "key_a", SVC, VerifyCode.VALID, "198.51.100.1", NOON);
    usage.record(WS, "key_a", SVC, VerifyCode.VALID, "198.51.100.2", NOON + 500); // same second
    usage.flush(NOON + 600);
    assertThat(lastUse("key_a"))
        .isEqualTo(
            new KeyLastUse(WS, "key_a", Instant.ofEpochMilli(NOON), Optional.of("198.51.100.1")));

    String secretLooking = "pay_" + "A".repeat(38);
    usage.record(WS, "key_a", SVC, VerifyCode.REVOKED, secretLooking, NOON + 2_000);
    usage.flush(NOON + 2_100);
    assertThat(lastUse("key_a"))
        .isEqualTo(
            new KeyLastUse(WS, "key_a", Instant.ofEpochMilli(NOON + 2_000), Optional.empty()));
  }

  @Test
  void verificationsNamingNoKey_countUnderTheWorkspace_withoutALastUse() {
    usage.record(WS, null, null, VerifyCode.MALFORMED, "203.0.113.7", NOON);
    usage.record(WS, null, null, VerifyCode.NOT_FOUND, "203.0.113.7", NOON);
    usage.flush(NOON + 1_000);

    assertThat(minutes(""))
        .containsExactly(new Bucket(NOON, "MALFORMED", 1), new Bucket(NOON, "NOT_FOUND", 1));
    Map<String, KeyLastUse> uses = store.read(tx -> tx.usage().lastUses(WS, List.of("")));
    assertThat(uses).isEmpty();
  }

  @Test
  void recordingReadsTheClock_untilTicked_thenUsesTheTimeOfTheLastTick() {
    UsageContract.SetClock clock = new UsageContract.SetClock(Instant.ofEpochMilli(NOON));
    UsageCounts ticking = new UsageCounts(store, clock);
    ticking.record(WS, "key_t", SVC, VerifyCode.VALID, null); // no tick yet: the clock, noon
    clock.set(Instant.ofEpochMilli(NOON + 60_000));
    ticking.tick();
    clock.set(Instant.ofEpochMilli(NOON + 125_000)); // moved on, not ticked since
    ticking.record(WS, "key_t", SVC, VerifyCode.VALID, null);
    ticking.flush(NOON + 126_000);

    assertThat(minutes("key_t"))
        .containsExactly(new Bucket(NOON, "VALID", 1), new Bucket(NOON + 60_000, "VALID", 1));
  }

  @Test
  void aClockThatGoesBack_countsIntoTheEarlierMinute_andLosesNothing() {
    verified("key_a", VerifyCode.VALID, NOON + 120_000);
    verified("key_a", VerifyCode.VALID, NOON + 5_000); // back two minutes
    verified("key_a", VerifyCode.VALID, NOON + 121_000); // and forward again
    usage.flush(NOON + 122_000);

    assertThat(minutes("key_a"))
        .containsExactly(new Bucket(NOON, "VALID", 1), new Bucket(NOON + 120_000, "VALID", 2));
  }

  private KeyLastUse lastUse(String keyId) {
    return store.read(tx -> tx.usage().lastUses(WS, List.of(keyId))).get(keyId);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long rows() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM usage_counts")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
