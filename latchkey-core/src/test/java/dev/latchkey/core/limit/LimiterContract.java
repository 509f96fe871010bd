package dev.latchkey.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.testing.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The accuracy model of {@code docs/limits.md}, written once and run against every {@link Limiter}
 * by subclassing. Time is a {@link MutableClock} the limiter must read for its windows; each test
 * gets a workspace of its own.
 */
public abstract class LimiterContract {
  /** Mid-window for every period: 10:20:30.250 UTC. */
  protected static final Instant T0 = Instant.parse("2030-01-01T10:20:30.250Z");

  protected MutableClock clock;
  protected Limiter limiter;
  protected String ws;

  /** A new limiter whose windows follow {@code clock}. */
  protected abstract Limiter newLimiter(Clock clock);

  @BeforeEach
  public void openLimiter() {
    clock = new MutableClock(T0);
    limiter = newLimiter(clock);
    ws = "ws_" + UUID.randomUUID().toString().replace("-", "");
  }

  @AfterEach
  public void closeLimiter() {
    limiter.close();
  }

  protected static Counter counter(String owner, String name, long limit, Duration period) {
    return new Counter(owner, new LimitRule(name, limit, period));
  }

  protected static Counter perSecond(String owner, long limit) {
    return counter(owner, "requests", limit, Duration.ofSeconds(1));
  }

  protected Charge charge(long cost, Counter... counters) {
    return limiter.charge(ws, List.of(counters), cost);
  }

  /** What {@code counter} has left now, read with a charge of cost 0. */
  protected long remaining(Counter counter) {
    return limiter.charge(ws, List.of(counter), 0).states().getFirst().remaining();
  }

  protected void moveTo(long epochMillis) {
    clock.set(Instant.ofEpochMilli(epochMillis));
  }

  @Test
  public void limit_isNeverExceededInAWindow_andComesBackAtTheBoundary() {
    Counter c = perSecond("key_a", 5);
    long end = T0.toEpochMilli() / 1000 * 1000 + 1000;
    for (int i = 4; i >= 0; i--) {
      Charge admitted = charge(1, c);
      assertThat(admitted.admitted()).isTrue();
      assertThat(admitted.states().getFirst().remaining()).isEqualTo(i);
    }
    Charge denied = charge(1, c);
    assertThat(denied.admitted()).isFalse();
    assertThat(denied.denied()).get().satisfies(s -> assertThat(s.exceeded()).isTrue());
    assertThat(denied.states().getFirst())
        .extracting(CounterState::remaining, CounterState::reset)
        .containsExactly(0L, Instant.ofEpochMilli(end));

    moveTo(end - 1);
    assertThat(charge(1, c).admitted()).isFalse();
    moveTo(end);
    Charge next = charge(1, c);
    assertThat(next.admitted()).isTrue();
    assertThat(next.states().getFirst())
        .extracting(CounterState::window, CounterState::remaining, CounterState::reset)
        .containsExactly(end / 1000, 4L, Instant.ofEpochMilli(end + 1000));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 60, 3600, 86_400})
  public void everyPeriod_alignsItsWindowsToTheEpoch(long seconds) {
    Duration period = Duration.ofSeconds(seconds);
    Counter c = counter("key_a", "p" + seconds, 3, period);
    long p = period.toMillis();
    long window = Math.floorDiv(T0.toEpochMilli(), p);
    assertThat(charge(3, c).states().getFirst())
        .extracting(CounterState::window, CounterState::remaining, CounterState::reset)
        .containsExactly(window, 0L, Instant.ofEpochMilli((window + 1) * p));
    moveTo((window + 1) * p - 1);
    assertThat(charge(1, c).admitted()).isFalse();
    moveTo((window + 1) * p);
    assertThat(remaining(c)).isEqualTo(3);
    assertThat(charge(2, c).states().getFirst().remaining()).isEqualTo(1);
    moveTo((window + 5) * p + p / 2);
    assertThat(remaining(c)).isEqualTo(3);
  }

  @Test
  public void racingClients_admitExactlyTheLimit_onEveryCounterAlike() throws Exception {
    Counter key = perSecond("key_a", 1000);
    Counter consumer = perSecond("con_a", 2000);

    List<Charge> admitted = Race.run(64, 50, () -> charge(1, key, consumer), () -> false);

    assertThat(admitted).hasSize(1000);
    assertThat(remaining(key)).isZero();
    assertThat(remaining(consumer)).isEqualTo(1000);
  }

  @Test
  public void racingClientsWhileTheClockCrossesABoundary_neverExceedTheLimitInAnyWindow()
      throws Exception {
    Counter c = perSecond("key_a", 200);
    long end = T0.toEpochMilli() / 1000 * 1000 + 1000;
    moveTo(end - 40);
    AtomicBoolean done = new AtomicBoolean();
    Thread ticker = Thread.ofPlatform().start(() -> crossBoundary(c, end + 40, done));

    List<Charge> admitted = Race.run(64, 1_000_000, () -> charge(1, c), done::get);
    ticker.join(10_000);

    Map<Long, Long> perWindow =
        admitted.stream()
            .collect(
                Collectors.groupingBy(a -> a.states().getFirst().window(), Collectors.counting()));
    assertThat(perWindow.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(200));
    assertThat(perWindow.get(end / 1000 - 1)).isEqualTo(200);
    assertThat(perWindow.get(end / 1000)).isPositive();
  }

  /** Once the first window is spent (or after 10 s), moves the clock 1 ms every 0.2 ms. */
  private void crossBoundary(Counter c, long until, AtomicBoolean done) {
    long deadline = System.nanoTime() + 10_000_000_000L;
    try {
      while (remaining(c) > 0 && System.nanoTime() < deadline) {
        LockSupport.parkNanos(100_000);
      }
      while (clock.millis() < until) {
        clock.advance(Duration.ofMillis(1));
        LockSupport.parkNanos(200_000);
      }
    } finally {
      done.set(true);
    }
  }

  @Test
  public void costZero_spendsNothing_andAnswersWhetherOneUnitWouldPass() {
    Counter c = perSecond("key_a", 2);
    Charge probe = charge(0, c);
    assertThat(probe.admitted()).isTrue();
    assertThat(probe.states().getFirst().remaining()).isEqualTo(2);
    assertThat(charge(0, c).states().getFirst().remaining()).isEqualTo(2);

    charge(2, c);
    Charge empty = charge(0, c);
    assertThat(empty.admitted()).isFalse();
    assertThat(empty.states().getFirst())
        .extracting(CounterState::remaining, CounterState::exceeded)
        .containsExactly(0L, true);
  }

  @Test
  public void costAboveTheLimit_isDenied_andSpendsNothing() {
    Counter c = perSecond("key_a", 5);
    Charge denied = charge(6, c);
    assertThat(denied.admitted()).isFalse();
    assertThat(denied.states().getFirst().remaining()).isEqualTo(5);
    assertThat(charge(5, c).admitted()).isTrue();
  }

  @Test
  public void aDeniedCounter_spendsNothingOnTheOthers() {
    Counter wide = perSecond("key_a", 10);
    Counter narrow = counter("con_a", "bulk", 1, Duration.ofMinutes(1));
    assertThat(charge(1, wide, narrow).admitted()).isTrue();

    Charge denied = charge(1, wide, narrow);

    assertThat(denied.admitted()).isFalse();
    assertThat(denied.states()).extracting(CounterState::exceeded).containsExactly(false, true);
    assertThat(denied.denied()).get().extracting(CounterState::counter).isEqualTo(narrow);
    assertThat(denied.states().getFirst().remaining()).isEqualTo(9);
    assertThat(remaining(wide)).isEqualTo(9);
  }

  @Test
  public void refund_inTheSameWindow_givesTheUnitsBackEverywhere() {
    Counter key = perSecond("key_a", 3);
    Counter consumer = counter("con_a", "requests", 5, Duration.ofHours(1));
    Charge spent = charge(2, key, consumer);

    limiter.refund(spent);

    assertThat(remaining(key)).isEqualTo(3);
    assertThat(remaining(consumer)).isEqualTo(5);
  }

  @Test
  public void refund_afterTheWindowEnded_doesNotRaiseTheNextWindow() {
    Counter c = perSecond("key_a", 3);
    Charge old = charge(2, c);
    clock.advance(Duration.ofSeconds(1));
    assertThat(charge(3, c).admitted()).isTrue();

    limiter.refund(old);

    assertThat(remaining(c)).isZero();
    assertThat(charge(1, c).admitted()).isFalse();
  }

  @Test
  public void refund_ofADeniedChargeOrOfCostZero_changesNothing() {
    Counter c = perSecond("key_a", 3);
    charge(2, c);
    limiter.refund(charge(2, c));
    limiter.refund(charge(0, c));
    assertThat(remaining(c)).isEqualTo(1);
  }

  @Test
  public void states_followTheOrderGiven_withTheirWindowsAndResets() {
    Counter second = perSecond("key_a", 10);
    Counter hour = counter("key_a", "hourly", 4, Duration.ofHours(1));
    Counter day = counter("con_a", "daily", 100, Duration.ofDays(1));
    long t = T0.toEpochMilli();

    Charge c = charge(3, second, hour, day);

    assertThat(c.states()).extracting(CounterState::counter).containsExactly(second, hour, day);
    assertThat(c.states()).extracting(CounterState::remaining).containsExactly(7L, 1L, 97L);
    assertThat(c.states())
        .extracting(CounterState::window)
        .containsExactly(t / 1000, t / 3_600_000, t / 86_400_000);
    assertThat(c.states())
        .extracting(CounterState::reset)
        .containsExactly(
            Instant.ofEpochMilli((t / 1000 + 1) * 1000),
            Instant.ofEpochMilli((t / 3_600_000 + 1) * 3_600_000),
            Instant.ofEpochMilli((t / 86_400_000 + 1) * 86_400_000));
    assertThat(c.tightest()).get().extracting(CounterState::counter).isEqualTo(hour);
  }

  @Test
  public void workspacesOwnersNamesAndPeriods_countSeparately() {
    Counter c = perSecond("key_a", 1);
    assertThat(charge(1, c).admitted()).isTrue();
    assertThat(charge(1, c).admitted()).isFalse();

    assertThat(limiter.charge(ws + "_other", List.of(c), 1).admitted()).isTrue();
    assertThat(charge(1, perSecond("key_b", 1)).admitted()).isTrue();
    assertThat(charge(1, counter("key_a", "other", 1, Duration.ofSeconds(1))).admitted()).isTrue();
    assertThat(charge(1, counter("key_a", "requests", 1, Duration.ofSeconds(2))).admitted())
        .isTrue();
    assertThat(charge(1, perSecond("ns:api:user:1", 1)).admitted()).isTrue();
  }

  @Test
  public void anEmptyListOfCounters_isAdmitted() {
    Charge c = limiter.charge(ws, List.of(), 7);
    assertThat(c.admitted()).isTrue();
    assertThat(c.states()).isEmpty();
  }

  @Test
  public void aChangedLimit_appliesToWhatTheWindowSpent() {
    charge(6, perSecond("key_a", 10));
    assertThat(remaining(perSecond("key_a", 8))).isEqualTo(2);
    assertThat(charge(1, perSecond("key_a", 5)).admitted()).isFalse();
    assertThat(charge(14, perSecond("key_a", 20)).admitted()).isTrue();
    assertThat(remaining(perSecond("key_a", 20))).isZero();
  }

  @Test
  public void theLargestLimitAndCost_areCountedExactly() {
    Counter c = counter("key_a", "big", LimitRule.MAX_LIMIT, Duration.ofDays(1));
    assertThat(charge(Charge.MAX_COST - 1, c).states().getFirst().remaining()).isEqualTo(1);
    assertThat(charge(2, c).admitted()).isFalse();
    assertThat(charge(1, c).states().getFirst().remaining()).isZero();
  }

  @Test
  public void invalidCharges_areRejected() {
    Counter c = perSecond("key_a", 5);
    assertThatThrownBy(() -> charge(-1, c)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> charge(Charge.MAX_COST + 1, c))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> charge(1, c, perSecond("key_a", 7)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(remaining(c)).isEqualTo(5);
  }
}
