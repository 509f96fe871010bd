package dev.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.access.Grant;
import dev.latchkey.core.manage.Mutations;
import dev.latchkey.core.store.AccessUsageRow;
import dev.latchkey.core.store.AccessUse;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.store.StoreException;
import dev.latchkey.core.store.Tx;
import dev.latchkey.core.verify.AccessUsage;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recorder of key access usage ({@link AccessUsage}) writing to a real SQLite store: it dedupes
 * in memory, writes each entry at most once a resolution, survives a failed flush, and bounds its
 * memory. Time comes from a clock the test moves. (It lives here, not beside the recorder in the
 * core, because it needs a real store.)
 */
class AccessUsageRecorderTest {
  private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");
  private static final long DAY = NOON.getEpochSecond() / 86_400;
  private static final Grant ORDERS_ALL = Grant.parse("orders:*");
  private static final Grant ORDERS_READ = Grant.parse("orders:read");

  @TempDir Path dir;
  private Path file;
  private Store store;
  private final TestClock clock = new TestClock(NOON);
  private AccessUsage usage;

  @BeforeEach
  void open() {
    file = dir.resolve("latchkey.db");
    store = SqlStores.openSqlite(file);
    usage = new AccessUsage(store, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private List<AccessUse> stored(String keyId) {
    return store.read((Tx tx) -> tx.accessUsage().since("ws_1", keyId, 0));
  }

  private void exercised(String keyId) {
    usage.exercised("ws_1", keyId, "key", ORDERS_ALL, ORDERS_READ);
  }

  @Test
  void manyUsesWithinTheResolution_areOneRow_timedAtTheFirst() {
    for (int i = 0; i < 1_000; i++) {
      exercised("key_a");
      clock.advance(Duration.ofMillis(50));
    }
    usage.flush();

    assertThat(stored("key_a"))
        .containsExactly(new AccessUse("key", "orders:*", "orders:read", NOON));
  }

  @Test
  void aUseAResolutionLater_movesLastAt_andAFlushWithNothingNewWritesNothing() {
    exercised("key_a");
    usage.flush();
    clock.advance(AccessUsage.RESOLUTION);
    exercised("key_a");
    usage.flush();
    Instant later = NOON.plus(AccessUsage.RESOLUTION);
    assertThat(stored("key_a")).extracting(AccessUse::lastAt).containsExactly(later);

    execute("DELETE FROM key_access_usage");
    usage.flush();

    assertThat(stored("key_a")).as("nothing was rewritten").isEmpty();
  }

  @Test
  void entriesAreKeptApart_byKeySourceGrantPermissionAndDay() {
    exercised("key_a");
    exercised("key_b");
    usage.exercised("ws_1", "key_a", "role_1", ORDERS_ALL, ORDERS_READ);
    usage.exercised("ws_1", "key_a", "key", ORDERS_READ, ORDERS_READ);
    usage.conditionEvaluated("ws_1", "key_a", "key");
    clock.advance(Duration.ofHours(12)); // the next UTC day
    exercised("key_a");
    usage.flush();

    assertThat(rows())
        .containsExactlyInAnyOrder(
            row("key_a", DAY, "key", "orders:*", "orders:read", NOON),
            row("key_b", DAY, "key", "orders:*", "orders:read", NOON),
            row("key_a", DAY, "role_1", "orders:*", "orders:read", NOON),
            row("key_a", DAY, "key", "orders:read", "orders:read", NOON),
            row("key_a", DAY, "key", "?", "", NOON),
            row("key_a", DAY + 1, "key", "orders:*", "orders:read", clock.instant()));
  }

  @Test
  void failedFlush_keepsWhatItCouldNotWrite_forTheNextFlush() {
    exercised("key_a");
    execute("ALTER TABLE key_access_usage RENAME TO key_access_usage_away");

    assertThatThrownBy(usage::flush).isInstanceOf(StoreException.class);
    clock.advance(AccessUsage.RESOLUTION.multipliedBy(2)); // long enough to count as idle
    usage.conditionEvaluated("ws_1", "key_a", "key");
    assertThatThrownBy(usage::flush).isInstanceOf(StoreException.class);

    execute("ALTER TABLE key_access_usage_away RENAME TO key_access_usage");
    usage.flush();

    assertThat(stored("key_a"))
        .containsExactly(
            new AccessUse("key", "?", "", clock.instant()),
            new AccessUse("key", "orders:*", "orders:read", NOON));
  }

  @Test
  void memoryIsBounded_furtherEntriesAreDropped_untilWrittenOnesAreForgotten() {
    for (int i = 0; i < AccessUsage.MAX_ENTRIES + 10; i++) {
      usage.conditionEvaluated("ws_1", "key_" + i, "key");
    }
    usage.flush();
    assertThat(count()).isEqualTo(AccessUsage.MAX_ENTRIES);
    exercised("key_late");
    usage.flush();
    assertThat(stored("key_late")).as("still full: held entries are recent").isEmpty();

    clock.advance(AccessUsage.RESOLUTION);
    usage.flush(); // forgets the written, idle entries
    exercised("key_late");
    usage.flush();

    assertThat(stored("key_late")).hasSize(1);
  }

  @Test
  void oneKeyRecordsABoundedNumberOfDistinctPermissionsADay() {
    for (int i = 0; i < AccessUsage.MAX_PERMISSIONS_PER_KEY_AND_DAY + 50; i++) {
      usage.exercised("ws_1", "key_a", "key", ORDERS_ALL, Grant.parse("orders:a" + i));
    }
    usage.exercised("ws_1", "key_b", "key", ORDERS_ALL, ORDERS_READ);
    usage.flush();

    assertThat(stored("key_a")).hasSize(AccessUsage.MAX_PERMISSIONS_PER_KEY_AND_DAY);
    assertThat(stored("key_b")).as("other keys are unaffected").hasSize(1);

    clock.advance(AccessUsage.RESOLUTION);
    usage.flush(); // forgets the written entries, not the day's permissions
    usage.exercised("ws_1", "key_a", "key", ORDERS_ALL, Grant.parse("orders:a0"));
    usage.exercised("ws_1", "key_a", "key", ORDERS_ALL, Grant.parse("orders:new"));
    usage.flush();
    assertThat(stored("key_a"))
        .as("a permission seen today is still recorded; a new one is not")
        .hasSize(AccessUsage.MAX_PERMISSIONS_PER_KEY_AND_DAY);
  }

  @Test
  void callsMissingAnArgument_areDropped_withoutThrowing() {
    assertThatCode(
            () -> {
              usage.exercised(null, "key_a", "key", ORDERS_ALL, ORDERS_READ);
              usage.exercised("ws_1", null, "key", ORDERS_ALL, ORDERS_READ);
              usage.exercised("ws_1", "key_a", null, ORDERS_ALL, ORDERS_READ);
              usage.exercised("ws_1", "key_a", "key", null, ORDERS_READ);
              usage.exercised("ws_1", "key_a", "key", ORDERS_ALL, null);
              usage.conditionEvaluated("ws_1", null, "key");
            })
        .doesNotThrowAnyException();
    usage.flush();

    assertThat(count()).isZero();
  }

  @Test
  void pruning_keepsTheLongestWindowAndOneDayMore() {
    long today = DAY;
    store.recordAccessUsage(
        List.of(
            row("key_a", today - 91, "key", "*", "a:b", NOON),
            row("key_a", today - 90, "key", "*", "a:c", NOON),
            row("key_a", today - 89, "key", "*", "a:d", NOON)));
    Mutations mutations =
        new Mutations(store, Verifier.create(store, clock, CacheSettings.defaults()), clock);

    assertThat(mutations.pruneAccessUsage()).isEqualTo(1);
    assertThat(stored("key_a")).extracting(AccessUse::permission).containsExactly("a:c", "a:d");
  }

  private static AccessUsageRow row(
      String keyId, long day, String source, String grant, String permission, Instant at) {
    return new AccessUsageRow("ws_1", keyId, day, source, grant, permission, at);
  }

  /** Every row of the table, read past the store. */
  private List<AccessUsageRow> rows() {
    String sql =
        "SELECT key_id, day, source, grant_text, permission, last_at FROM key_access_usage";
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      List<AccessUsageRow> rows = new ArrayList<>();
      while (rs.next()) {
        rows.add(
            row(
                rs.getString(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6))));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long count() {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM key_access_usage")) {
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

  /** A clock the test moves by hand. */
  private static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant start) {
      this.now = start;
    }

    void advance(Duration by) {
      now = now.plus(by);
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
      throw new UnsupportedOperationException("UTC only");
    }
  }
}
