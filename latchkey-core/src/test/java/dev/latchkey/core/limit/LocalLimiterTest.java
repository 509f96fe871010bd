package dev.latchkey.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.latchkey.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What only the in-memory limiter has: its bound on counters, their expiry, per-node shares. */
class LocalLimiterTest {
  private static final Instant T0 = Instant.parse("2030-01-01T10:20:30.250Z");

  private final MutableClock clock = new MutableClock(T0);
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(LocalLimiter.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private static Counter perSecond(String owner, long limit) {
    return new Counter(owner, new LimitRule("requests", limit, Duration.ofSeconds(1)));
  }

  private static Counter perMinute(String owner, long limit) {
    return new Counter(owner, new LimitRule("requests", limit, Duration.ofMinutes(1)));
  }

  @Test
  void full_deniesAChargeNeedingANewCounter_andKeepsCountingTheLiveOnes() {
    LocalLimiter limiter = LocalLimiter.builder(clock).maxCounters(3).build();
    for (String owner : List.of("key_a", "key_b", "key_c")) {
      assertThat(limiter.charge("ws_1", List.of(perMinute(owner, 2)), 1).admitted()).isTrue();
    }

    Charge refused =
        limiter.charge("ws_1", List.of(perMinute("key_a", 2), perMinute("key_d", 2)), 1);

    assertThat(refused.admitted()).isFalse();
    assertThat(refused.states())
        .extracting(CounterState::exceeded, CounterState::remaining)
        .containsExactly(tuple(false, 1L), tuple(true, 0L));
    assertThat(limiter.liveCounters()).isEqualTo(3);
    Charge live = limiter.charge("ws_1", List.of(perMinute("key_a", 2)), 1);
    assertThat(live.states().getFirst().remaining()).isZero();
    assertThat(limiter.charge("ws_1", List.of(perMinute("key_a", 2)), 1).admitted()).isFalse();
  }

  @Test
  void full_admitsNewCountersAgainOnceIdleOnesExpire() {
    LocalLimiter limiter = LocalLimiter.builder(clock).maxCounters(2).build();
    limiter.charge("ws_1", List.of(perSecond("key_a", 5)), 1);
    limiter.charge("ws_1", List.of(perMinute("key_b", 5)), 1);
    assertThat(limiter.charge("ws_1", List.of(perSecond("key_c", 5)), 1).admitted()).isFalse();

    clock.advance(Duration.ofSeconds(2));

    assertThat(limiter.charge("ws_1", List.of(perSecond("key_c", 5)), 1).admitted()).isTrue();
    assertThat(limiter.charge("ws_1", List.of(perMinute("key_b", 5)), 0).states().getFirst())
        .extracting(CounterState::remaining)
        .isEqualTo(4L);
  }

  @Test
  void full_logsAnErrorAtMostOnceAMinute() {
    LocalLimiter limiter = LocalLimiter.builder(clock).maxCounters(1).build();
    limiter.charge("ws_1", List.of(perMinute("key_a", 5)), 1);
    for (int i = 0; i < 10; i++) {
      limiter.charge("ws_1", List.of(perMinute("key_" + i + "x", 5)), 1);
    }
    clock.advance(Duration.ofSeconds(59));
    limiter.charge("ws_1", List.of(perMinute("key_a", 5)), 1);
    limiter.charge("ws_1", List.of(perMinute("key_y", 5)), 1);
    assertThat(logs.list).hasSize(1);
    assertThat(logs.list.getFirst().getLevel()).isEqualTo(Level.ERROR);

    clock.advance(Duration.ofSeconds(2));
    limiter.charge("ws_1", List.of(perMinute("key_a", 5)), 1);
    limiter.charge("ws_1", List.of(perMinute("key_z", 5)), 1);
    assertThat(logs.list).hasSize(2);
  }

  @Test
  void aCostZeroCheckOrADeniedCharge_createsNoCounter() {
    LocalLimiter limiter = LocalLimiter.builder(clock).maxCounters(1).build();
    limiter.charge("ws_1", List.of(perSecond("key_a", 5)), 0);
    limiter.charge("ws_1", List.of(perSecond("key_b", 5)), 6);
    assertThat(limiter.liveCounters()).isZero();
    assertThat(limiter.charge("ws_1", List.of(perSecond("key_c", 5)), 1).admitted()).isTrue();
  }

  @Test
  void idleCounters_expireWithinASecondOfTheEndOfTheirLastWindow() {
    LocalLimiter limiter = LocalLimiter.create(clock);
    for (int i = 0; i < 100; i++) {
      limiter.charge("ws_1", List.of(perSecond("key_" + i, 5), perMinute("con_" + i, 5)), 1);
    }
    assertThat(limiter.liveCounters()).isEqualTo(200);
    clock.set(Instant.parse("2030-01-01T10:20:30.999Z"));
    assertThat(limiter.liveCounters()).isEqualTo(200);
    clock.set(Instant.parse("2030-01-01T10:20:32.500Z"));
    assertThat(limiter.liveCounters()).isEqualTo(100);
    clock.set(Instant.parse("2030-01-01T10:21:01.500Z"));
    assertThat(limiter.liveCounters()).isZero();
  }

  @Test
  void perNodeShare_isTheLimitOverTheNodes_roundedDown_soTheNodesNeverPassTheLimitTogether() {
    LocalLimiter limiter = LocalLimiter.builder(clock).nodes(4).build();
    assertThat(limiter.charge("ws_1", List.of(perSecond("key_a", 100)), 0).states())
        .extracting(CounterState::remaining)
        .containsExactly(25L);
    assertThat(limiter.charge("ws_1", List.of(perSecond("key_b", 10)), 2).admitted()).isTrue();
    assertThat(limiter.charge("ws_1", List.of(perSecond("key_b", 10)), 1).admitted()).isFalse();
    // 3 per second over 4 nodes: no node may admit even one, or four would pass three.
    Charge tiny = limiter.charge("ws_1", List.of(perSecond("key_c", 3)), 1);
    assertThat(tiny.admitted()).isFalse();
    assertThat(tiny.states().getFirst().remaining()).isZero();
  }

  @Test
  void aClockSteppedBack_doesNotReopenAWindowThatEnded() {
    LocalLimiter limiter = LocalLimiter.create(clock);
    clock.set(Instant.parse("2030-01-01T10:20:31Z"));
    assertThat(limiter.charge("ws_1", List.of(perSecond("key_a", 2)), 2).admitted()).isTrue();

    clock.set(Instant.parse("2030-01-01T10:20:30.900Z"));

    Charge c = limiter.charge("ws_1", List.of(perSecond("key_a", 2)), 1);
    assertThat(c.admitted()).isFalse();
    assertThat(c.states().getFirst().reset()).isEqualTo(Instant.parse("2030-01-01T10:20:32Z"));
  }

  /**
   * A window ending between the limiter's reading of the clock and its table's (which expires
   * counters by a reading of its own) must not make a spent counter look empty: on a clock that
   * moves one millisecond with every reading, the last unit of a window is charged at its last
   * millisecond, and the next charge lands in the next window, never in a fresh copy of the old
   * one.
   */
  @Test
  void aWindowEndingDuringACharge_neverReopensThatWindow() {
    java.util.concurrent.atomic.AtomicBoolean ticking =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.time.Clock moving =
        new java.time.Clock() {
          @Override
          public Instant instant() {
            return ticking.get() ? clock.advanceAndGet(Duration.ofMillis(1)) : clock.instant();
          }

          @Override
          public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
          }

          @Override
          public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
          }
        };
    LocalLimiter limiter = LocalLimiter.create(moving);
    Counter c = perSecond("key_a", 3);
    clock.set(Instant.parse("2030-01-01T10:20:30.990Z"));
    for (int i = 0; i < 3; i++) {
      assertThat(limiter.charge("ws_1", List.of(c), 1).admitted()).isTrue();
    }
    clock.set(Instant.parse("2030-01-01T10:20:30.998Z"));
    ticking.set(true);

    java.util.Map<Long, Long> admittedPerWindow = new java.util.HashMap<>();
    for (int i = 0; i < 20; i++) {
      Charge charge = limiter.charge("ws_1", List.of(c), 1);
      if (charge.admitted()) {
        admittedPerWindow.merge(charge.states().getFirst().window(), 1L, Long::sum);
      }
    }

    long firstWindow = Instant.parse("2030-01-01T10:20:30Z").getEpochSecond();
    assertThat(admittedPerWindow).doesNotContainKey(firstWindow);
    assertThat(admittedPerWindow.get(firstWindow + 1)).isEqualTo(3);
  }
}
