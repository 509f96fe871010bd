package dev.latchkey.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.latchkey.core.feed.ChangeFollower;
import dev.latchkey.core.feed.FollowerSettings;
import dev.latchkey.core.store.Store;
import dev.latchkey.core.verify.CacheSettings;
import dev.latchkey.core.verify.Verifier;
import dev.latchkey.store.SqlStores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change-feed lag gauges: near zero while the feed is read, growing (seconds) and unknown (seq)
 * once the store cannot be read, which is what the alerting rule in docs/monitoring.md watches.
 */
class ChangeFeedLagTest {
  @TempDir Path dir;

  @Test
  void lagGrows_whenTheFeedCannotBeRead() {
    Store store = SqlStores.openSqlite(dir.resolve("latchkey.db"));
    Verifier verifier = Verifier.create(store, Clock.systemUTC(), CacheSettings.defaults());
    FollowerSettings settings = new FollowerSettings(Duration.ofMillis(50), Duration.ofMinutes(5));
    try (ChangeFollower follower =
            ChangeFollower.start(store, verifier, Clock.systemUTC(), settings);
        Metrics metrics = Metrics.create(10)) {
      metrics.watch(store, follower, verifier);
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          new Scrape(metrics.scrape()).valueOf("latchkey_change_feed_lag_seconds"))
                      .isLessThan(0.5));
      Scrape healthy = new Scrape(metrics.scrape());
      assertThat(healthy.valueOf("latchkey_change_feed_lag_seq")).isZero();

      store.close();
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(
                          new Scrape(metrics.scrape()).valueOf("latchkey_change_feed_lag_seconds"))
                      .isGreaterThan(1.0));
      Scrape cutOff = new Scrape(metrics.scrape());
      assertThat(cutOff.valueOf("latchkey_change_feed_lag_seq")).isNaN();
    }
  }
}
