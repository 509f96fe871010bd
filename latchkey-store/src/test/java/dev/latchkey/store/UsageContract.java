package dev.latchkey.store;

import static dev.latchkey.core.store.UsageGranularity.DAY;
import static dev.latchkey.core.store.UsageGranularity.HOUR;
import static dev.latchkey.core.store.UsageGranularity.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.manage.UsageRetention;
import dev.latchkey.core.manage.UsageRollup;
import dev.latchkey.core.secret.Ids;
import dev.latchkey.core.store.KeyLastUse;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.UsageCountRow;
import dev.latchkey.core.store.UsageGranularity;
import dev.latchkey.core.store.UsageRepository;
import dev.latchkey.core.store.UsageRepository.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every store must do with usage counts ({@link Store#recordUsage}, {@link UsageRepository})
 * and the rollup job over them, run against each implementation by subclassing: flushes add up,
 * also from two nodes at once; last uses keep the latest; rollups sum closed periods only, are
 * idempotent and pick up late counts; retention prunes. Time comes from a clock the test sets.
 */
abstract class UsageContract {
  /** 10:00:00 UTC. */
  static final Instant TEN = Instant.parse("2026-03-01T10:00:00Z");

  protected abstract Store openStore();

  protected abstract Store openAnotherNode();

  protected Store store;
  private final List<Store> nodes = new ArrayList<>();
  private final SetClock clock = new SetClock(TEN);
  String ws;
  final String key = Ids.newId("key");
  final String service = Ids.newId("svc");

  @BeforeEach
  void open() {
    store = openStore();
    ws = Fixtures.workspace(store);
  }

  @AfterEach
  void close() {
    nodes.forEach(Store::close);
    store.close();
  }

  UsageCountRow count(Instant minute, String outcome, long n) {
    return new UsageCountRow(ws, MINUTE, minute.toEpochMilli(), key, service, outcome, n);
  }

  List<Bucket> series(
      UsageRepository.Subject subject, UsageGranularity g, Instant from, Instant until) {
    String id = subject == UsageRepository.Subject.KEY ? key : service;
    return store.read(
        tx -> tx.usage().series(ws, subject, id, g, from.toEpochMilli(), until.toEpochMilli()));
  }

  @Test
  void flushesOfTheSameMinute_addUp() {
    store.recordUsage(List.of(count(TEN, "VALID", 3), count(TEN, "NOT_FOUND", 1)), List.of());
    store.recordUsage(List.of(count(TEN, "VALID", 4)), List.of());

    assertThat(series(UsageRepository.Subject.KEY, MINUTE, TEN, TEN.plusSeconds(60)))
        .containsExactly(
            new Bucket(TEN.toEpochMilli(), "NOT_FOUND", 1),
            new Bucket(TEN.toEpochMilli(), "VALID", 7));
    assertThat(series(UsageRepository.Subject.SERVICE, MINUTE, TEN, TEN.plusSeconds(60)))
        .hasSize(2);
  }

  @Test
  void twoNodesFlushingTheSameRowsAtOnce_addUpExactly() throws Exception {
    Store second = openAnotherNode();
    nodes.add(second);
    int flushes = 40;
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Store node : List.of(store, second, store, second)) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < flushes; i++) {
                    node.recordUsage(
                        List.of(count(TEN, "VALID", 2), count(TEN.plusSeconds(60), "VALID", 1)),
                        List.of());
                  }
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(series(UsageRepository.Subject.KEY, MINUTE, TEN, TEN.plusSeconds(120)))
        .containsExactly(
            new Bucket(TEN.toEpochMilli(), "VALID", 4 * flushes * 2),
            new Bucket(TEN.plusSeconds(60).toEpochMilli(), "VALID", 4 * flushes));
  }

  @Test
  void lastUse_keepsTheLatest_whateverTheOrderOfFlushes() {
    KeyLastUse later = new KeyLastUse(ws, key, TEN.plusSeconds(5), Optional.of("203.0.113.9"));
    KeyLastUse earlier = new KeyLastUse(ws, key, TEN, Optional.of("198.51.100.1"));
    store.recordUsage(List.of(), List.of(later));
    store.recordUsage(List.of(), List.of(earlier));

    Map<String, KeyLastUse> found =
        store.read(tx -> tx.usage().lastUses(ws, List.of(key, "key_x")));
    assertThat(found).containsOnlyKeys(key);
    assertThat(found.get(key)).isEqualTo(later);
    Map<String, KeyLastUse> elsewhere =
        store.read(tx -> tx.usage().lastUses("ws_other", List.of(key)));
    assertThat(elsewhere).isEmpty();
  }

  @Test
  void rollup_sumsClosedHoursOnly_isIdempotent_andPicksUpLateCounts() {
    // 09:59 and 10:00..10:01: the hour 09:00 closes at 10:00, the hour 10:00 is still open.
    store.recordUsage(
        List.of(
            count(TEN.minusSeconds(60), "VALID", 5),
            count(TEN.minusSeconds(3540), "VALID", 2), // 09:01
            count(TEN, "VALID", 7),
            count(TEN.plusSeconds(60), "EXPIRED", 1)),
        List.of());
    UsageRollup rollup = new UsageRollup(store, clock, UsageRetention.defaults());
    clock.set(TEN.plusSeconds(120));

    assertThat(rollup.run().ran()).isTrue();
    List<Bucket> hours =
        series(UsageRepository.Subject.KEY, HOUR, TEN.minusSeconds(7200), TEN.plusSeconds(7200));
    assertThat(hours)
        .containsExactly(new Bucket(TEN.minusSeconds(3600).toEpochMilli(), "VALID", 7));

    // Within the minimum interval another run (any node's) does nothing.
    clock.set(TEN.plusSeconds(130));
    assertThat(rollup.run().ran()).isFalse();

    // A node flushes late into the closed hour; the next run recomputes it, and runs repeat.
    store.recordUsage(List.of(count(TEN.minusSeconds(120), "VALID", 1)), List.of());
    clock.set(TEN.plusSeconds(240));
    rollup.run();
    clock.set(TEN.plusSeconds(360));
    rollup.run();
    assertThat(
            series(
                UsageRepository.Subject.KEY, HOUR, TEN.minusSeconds(7200), TEN.plusSeconds(7200)))
        .containsExactly(new Bucket(TEN.minusSeconds(3600).toEpochMilli(), "VALID", 8));

    // Past 11:00:10 the hour 10:00 is closed and rolled up too.
    clock.set(Instant.parse("2026-03-01T11:00:11Z"));
    rollup.run();
    assertThat(series(UsageRepository.Subject.SERVICE, HOUR, TEN, TEN.plusSeconds(3600)))
        .containsExactly(
            new Bucket(TEN.toEpochMilli(), "EXPIRED", 1),
            new Bucket(TEN.toEpochMilli(), "VALID", 7));
  }

  @Test
  void rollup_ofDays_sumsTheHoursOfClosedDays() {
    Instant lateOnFirst = Instant.parse("2026-03-01T23:59:00Z");
    store.recordUsage(List.of(count(TEN, "VALID", 3), count(lateOnFirst, "VALID", 4)), List.of());
    UsageRollup rollup = new UsageRollup(store, clock, UsageRetention.defaults());
    clock.set(Instant.parse("2026-03-02T00:00:11Z"));

    rollup.run();

    assertThat(
            series(
                UsageRepository.Subject.KEY,
                DAY,
                Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-03-03T00:00:00Z")))
        .containsExactly(
            new Bucket(Instant.parse("2026-03-01T00:00:00Z").toEpochMilli(), "VALID", 7));
  }

  @Test
  void rollup_afterNoNodeRanForLongerThanItsWindow_catchesUpFromWhereTheLastRunStopped() {
    UsageRollup rollup = new UsageRollup(store, clock, UsageRetention.defaults());
    clock.set(TEN.plusSeconds(20));
    rollup.run();
    store.recordUsage(List.of(count(TEN.plusSeconds(60), "VALID", 2)), List.of());
    clock.set(TEN.plus(Duration.ofHours(6))); // 16:00: the window alone would start at 13:00

    rollup.run();

    assertThat(series(UsageRepository.Subject.KEY, HOUR, TEN, TEN.plusSeconds(3600)))
        .containsExactly(new Bucket(TEN.toEpochMilli(), "VALID", 2));
  }

  @Test
  void rollup_afterTheClockWentBack_runsAnyway_andGivesTheSameRows() {
    store.recordUsage(List.of(count(TEN, "VALID", 3)), List.of());
    UsageRollup rollup = new UsageRollup(store, clock, UsageRetention.defaults());
    clock.set(Instant.parse("2026-03-01T11:30:00Z"));
    rollup.run();
    clock.set(Instant.parse("2026-03-01T11:00:20Z")); // half an hour back

    assertThat(rollup.run().ran()).as("not held up until the clock catches up").isTrue();
    assertThat(series(UsageRepository.Subject.KEY, HOUR, TEN, TEN.plusSeconds(3600)))
        .containsExactly(new Bucket(TEN.toEpochMilli(), "VALID", 3));
  }

  @Test
  void retention_prunesEachGranularityOnItsOwnSchedule() {
    store.recordUsage(List.of(count(TEN, "VALID", 3)), List.of());
    UsageRollup rollup =
        new UsageRollup(
            store,
            clock,
            new UsageRetention(Duration.ofHours(6), Duration.ofDays(3), Duration.ofDays(10)));
    clock.set(Instant.parse("2026-03-01T11:00:11Z"));
    rollup.run(); // the hour 10:00 rolled up
    clock.set(Instant.parse("2026-03-02T00:00:11Z"));
    rollup.run(); // the day 03-01 rolled up; the minute is 14 hours old: pruned

    Instant day = Instant.parse("2026-03-01T00:00:00Z");
    Instant end = Instant.parse("2026-03-03T00:00:00Z");
    assertThat(series(UsageRepository.Subject.KEY, MINUTE, day, end)).isEmpty();
    assertThat(series(UsageRepository.Subject.KEY, HOUR, day, end)).hasSize(1);
    assertThat(series(UsageRepository.Subject.KEY, DAY, day, end)).hasSize(1);

    clock.set(Instant.parse("2026-03-05T00:00:00Z"));
    rollup.run();
    assertThat(series(UsageRepository.Subject.KEY, HOUR, day, end)).isEmpty();
    assertThat(series(UsageRepository.Subject.KEY, DAY, day, end)).hasSize(1);

    clock.set(Instant.parse("2026-03-12T00:00:00Z"));
    rollup.run();
    assertThat(series(UsageRepository.Subject.KEY, DAY, day, end)).isEmpty();
  }

  static final class SetClock extends Clock {
    private volatile Instant now;

    SetClock(Instant start) {
      this.now = start;
    }

    void set(Instant to) {
      now = to;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
