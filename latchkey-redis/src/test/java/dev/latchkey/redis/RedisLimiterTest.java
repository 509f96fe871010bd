package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.CounterState;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.LimiterUnavailableException;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.redis.testing.RedisProcess;
import dev.latchkey.redis.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What only the Redis limiter has: the server's clock, its keys, scripts and connection. */
class RedisLimiterTest {
  private static final Counter PER_SECOND =
      new Counter("key_a", new LimitRule("requests", 5, Duration.ofSeconds(1)));
  private static final Counter PER_DAY =
      new Counter("con_a", new LimitRule("daily", 5, Duration.ofDays(1)));

  private static String url;
  private static String prefix;

  @BeforeAll
  static void server() {
    url = RedisTestServer.url();
    prefix = RedisTestServer.newPrefix();
  }

  @AfterAll
  static void deleteKeys() {
    if (prefix != null) {
      RedisTestServer.deleteKeys(url, prefix);
    }
  }

  @Test
  void windows_comeFromTheRedisServersClock() {
    try (RedisLimiter limiter = RedisLimiter.builder(url).keyPrefix(prefix).connect()) {
      long before = redisMillis();
      CounterState state = limiter.charge("ws_time", List.of(PER_SECOND), 1).states().getFirst();
      long after = redisMillis();

      assertThat(state.window()).isBetween(before / 1000, after / 1000);
      assertThat(state.reset().toEpochMilli()).isEqualTo((state.window() + 1) * 1000);
    }
  }

  @Test
  void aCounter_isAHashUnderItsDocumentedKey_expiringASecondAfterItsWindow() {
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:20:30.250Z"));
    String second = prefix + "{ws_keys}:rl:key_a:requests:1000";
    String day = prefix + "{ws_keys}:rl:con_a:daily:86400000";
    long now = clock.millis();
    try (RedisLimiter limiter =
        RedisLimiter.builder(url).keyPrefix(prefix).clock(clock).connect()) {
      limiter.charge("ws_keys", List.of(PER_SECOND, PER_DAY), 2);

      List<Object> read =
          RedisTestServer.with(url, r -> List.of(r.hgetall(second), r.pttl(second), r.pttl(day)));

      // 750 ms to the end of the second, 1 s more; the test may take a while to read it.
      assertThat(read.get(0)).isEqualTo(Map.of("w", Long.toString(now / 1000), "n", "2"));
      assertThat((Long) read.get(1)).isBetween(1_250L, 1_750L);
      long dayLeft = (now / 86_400_000 + 1) * 86_400_000 - now + 1000;
      assertThat((Long) read.get(2)).isBetween(dayLeft - 500, dayLeft);
    }
  }

  /** A node (or a Redis after failover) whose clock lags must not reopen a spent window. */
  @Test
  void aClockBehindTheLastCharge_doesNotReopenTheWindowThatCharge_spent() {
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T10:20:31.100Z"));
    try (RedisLimiter limiter =
        RedisLimiter.builder(url).keyPrefix(prefix).clock(clock).connect()) {
      assertThat(limiter.charge("ws_back", List.of(PER_SECOND), 5).admitted()).isTrue();
      clock.set(Instant.parse("2030-01-01T10:20:30.900Z"));

      Charge behind = limiter.charge("ws_back", List.of(PER_SECOND), 1);

      assertThat(behind.admitted()).isFalse();
      assertThat(behind.states().getFirst().window())
          .isEqualTo(Instant.parse("2030-01-01T10:20:31Z").getEpochSecond());
    }
  }

  @Test
  void keyPrefixes_keepLimitersApart() {
    String otherPrefix = RedisTestServer.newPrefix();
    try (RedisLimiter one = RedisLimiter.builder(url).keyPrefix(prefix).connect();
        RedisLimiter two = RedisLimiter.builder(url).keyPrefix(otherPrefix).connect()) {
      Counter c = new Counter("key_a", new LimitRule("requests", 1, Duration.ofHours(1)));
      assertThat(one.charge("ws_prefix", List.of(c), 1).admitted()).isTrue();
      assertThat(two.charge("ws_prefix", List.of(c), 1).admitted()).isTrue();
      assertThat(one.charge("ws_prefix", List.of(c), 1).admitted()).isFalse();
    } finally {
      assertThat(RedisTestServer.deleteKeys(url, otherPrefix)).isEqualTo(1);
    }
  }

  @Test
  void afterTheScriptCacheIsFlushed_scriptsAreLoadedAgain() {
    try (RedisProcess own = RedisProcess.start();
        RedisLimiter limiter = RedisLimiter.connect(own.url())) {
      Charge first = limiter.charge("ws_1", List.of(PER_DAY), 1);
      RedisTestServer.with(own.url(), r -> r.scriptFlush());

      limiter.refund(first);
      Charge second = limiter.charge("ws_1", List.of(PER_DAY), 1);

      assertThat(second.states().getFirst().remaining()).isEqualTo(4);
    }
  }

  @Test
  void startedWhileRedisIsDown_failsFast_thenConnectsOnceItIsUp() {
    try (RedisProcess own = RedisProcess.start()) {
      own.kill();
      try (RedisLimiter limiter = RedisLimiter.connect(own.url())) {
        long started = System.nanoTime();
        assertThatThrownBy(() -> limiter.charge("ws_1", List.of(PER_DAY), 1))
            .isInstanceOf(LimiterUnavailableException.class);
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(1));

        own.restart();
        assertThat(chargedWithin(limiter, Duration.ofSeconds(5))).isTrue();
      }
    }
  }

  private static boolean chargedWithin(RedisLimiter limiter, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        return limiter.charge("ws_1", List.of(PER_DAY), 1).admitted();
      } catch (LimiterUnavailableException e) {
        RedisProcess.sleep(100);
      }
    }
    return false;
  }

  private static long redisMillis() {
    List<String> time = RedisTestServer.with(url, r -> r.time());
    return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
  }
}
