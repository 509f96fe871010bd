package dev.latchkey.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.core.limit.Charge;
import dev.latchkey.core.limit.Counter;
import dev.latchkey.core.limit.CounterState;
import dev.latchkey.core.limit.FailoverLimiter;
import dev.latchkey.core.limit.FallbackMode;
import dev.latchkey.core.limit.LimitRule;
import dev.latchkey.core.limit.LimiterUnavailableException;
import dev.latchkey.core.limit.Race;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.redis.testing.RedisProcess;
import dev.latchkey.redis.testing.RedisTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Redis going away under load, with a {@code redis-server} of the test's own: the Redis limiter
 * fails fast with {@link LimiterUnavailableException}; a failover counts each node's share locally
 * or denies, as configured; and when the server is back, counting returns to Redis.
 */
class RedisOutageTest {
  private static final Instant T0 = Instant.parse("2030-01-01T10:20:30.250Z");
  private static final Counter REQUESTS =
      new Counter("key_a", new LimitRule("requests", 100, Duration.ofSeconds(1)));

  private final MutableClock clock = new MutableClock(T0);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(FailoverLimiter.class);
  private RedisProcess server;
  private RedisLimiter redis;

  @BeforeEach
  void start() {
    server = RedisProcess.start();
    redis = RedisLimiter.builder(server.url()).keyPrefix("lk:").clock(clock).connect();
    logs.start();
    logger.addAppender(logs);
    logger.setLevel(Level.INFO);
  }

  @AfterEach
  void stop() {
    logger.detachAppender(logs);
    logger.setLevel(null);
    try {
      redis.close();
    } finally {
      server.close();
    }
  }

  private Charge charge(FailoverLimiter limiter, long cost) {
    return limiter.charge("ws_1", List.of(REQUESTS), cost);
  }

  @Test
  void killedMidLoad_everyCallFailsFast_withLimiterUnavailable() throws Exception {
    Load load = Load.start(8, () -> redis.charge("ws_1", List.of(REQUESTS), 0));
    RedisProcess.sleep(200);
    load.markFailureStart();
    server.kill();
    RedisProcess.sleep(1500);
    load.stop();

    assertThat(load.succeeded()).isPositive();
    assertThat(load.unavailable()).isPositive();
    assertThat(load.otherFailures()).isEmpty();
    assertThat(load.slowestSinceFailureNanos()).isLessThan(TimeUnit.SECONDS.toNanos(2));
    for (int i = 0; i < 5; i++) {
      long started = System.nanoTime();
      assertThatThrownBy(() -> redis.charge("ws_1", List.of(REQUESTS), 1))
          .isInstanceOf(LimiterUnavailableException.class);
      assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(2));
    }
  }

  @Test
  void frozen_callsTimeOutAfterTheCommandTimeout() {
    charge(FailoverLimiter.create(redis, FallbackMode.LOCAL, 1, clock), 1);
    server.freeze();
    try {
      long started = System.nanoTime();
      assertThatThrownBy(() -> redis.charge("ws_1", List.of(REQUESTS), 1))
          .isInstanceOf(LimiterUnavailableException.class);
      assertThat(System.nanoTime() - started)
          // 250 ms, and bounded: a loaded machine may fire the timeout late, never not at all.
          .isBetween(TimeUnit.MILLISECONDS.toNanos(200), TimeUnit.SECONDS.toNanos(3));
    } finally {
      server.thaw();
    }
  }

  @Test
  void localFallback_admitsEachNodeItsShareAWindow_andCountingReturnsToRedis() throws Exception {
    FailoverLimiter failover = FailoverLimiter.create(redis, FallbackMode.LOCAL, 4, clock);
    assertThat(charge(failover, 1).admitted()).isTrue();
    assertThat(spentInRedis()).isEqualTo("1");

    server.kill();
    assertThat(Race.run(16, 20, () -> charge(failover, 1), () -> false)).hasSize(25);
    assertThat(failover.degraded()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(Race.run(16, 20, () -> charge(failover, 1), () -> false)).hasSize(25);

    server.restart();
    awaitRecovery(failover);
    clock.advance(Duration.ofSeconds(1));
    assertThat(Race.run(16, 20, () -> charge(failover, 1), () -> false)).hasSize(100);
    assertThat(spentInRedis()).isEqualTo("100");
    assertThat(logs.list)
        .extracting(ILoggingEvent::getLevel)
        .containsExactly(Level.ERROR, Level.INFO);
  }

  @Test
  void closedFallback_deniesEveryCounter_untilRedisIsBack() {
    FailoverLimiter failover = FailoverLimiter.create(redis, FallbackMode.CLOSED, 4, clock);
    Counter bulk = new Counter("con_a", new LimitRule("bulk", 10, Duration.ofMinutes(1)));
    server.kill();

    Charge denied = failover.charge("ws_1", List.of(REQUESTS, bulk), 1);

    assertThat(failover.degraded()).isTrue();
    assertThat(denied.admitted()).isFalse();
    assertThat(denied.states())
        .allSatisfy(s -> assertThat(s.exceeded()).isTrue())
        .extracting(CounterState::remaining, CounterState::reset)
        .containsOnly(tuple(0L, T0.plusSeconds(1)));
    assertThat(failover.charge("ws_1", List.of(), 1).admitted()).isTrue();

    server.restart();
    awaitRecovery(failover);
    assertThat(failover.charge("ws_1", List.of(REQUESTS, bulk), 1).admitted()).isTrue();
  }

  @Test
  void whileDown_redisIsTriedAtMostOnceASecond() {
    CountingLimiter counting = new CountingLimiter(redis);
    FailoverLimiter failover = FailoverLimiter.create(counting, FallbackMode.LOCAL, 1, clock);
    server.kill();

    for (int i = 0; i < 200; i++) {
      charge(failover, 0);
    }
    assertThat(counting.charges).hasValue(1);
    clock.advance(Duration.ofMillis(999));
    charge(failover, 0);
    assertThat(counting.charges).hasValue(1);
    clock.advance(Duration.ofMillis(1));
    charge(failover, 0);
    charge(failover, 0);
    assertThat(counting.charges).hasValue(2);
  }

  /** Moves the clock a second at a time (so the failover tries Redis) until it recovered. */
  private void awaitRecovery(FailoverLimiter failover) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (failover.degraded() && System.nanoTime() < deadline) {
      clock.advance(Duration.ofSeconds(1));
      charge(failover, 0);
      RedisProcess.sleep(50);
    }
    assertThat(failover.degraded()).as("recovered within 15 s").isFalse();
  }

  private String spentInRedis() {
    String key = "lk:{ws_1}:rl:key_a:requests:1000";
    return RedisTestServer.with(server.url(), r -> r.hget(key, "n"));
  }
}
