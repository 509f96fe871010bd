package dev.latchkey.core.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BalanceTest {
  static final Refill DAILY = new Refill(100, Duration.ofDays(1), null);
  static final Instant NOON = Instant.parse("2026-05-10T12:00:00Z");
  static final Instant MIDNIGHT = Instant.parse("2026-05-11T00:00:00Z");

  @Test
  void start_countsTheCurrentBoundaryAsApplied() {
    assertThat(Balance.start(5, DAILY, NOON))
        .isEqualTo(new Balance(5, Instant.parse("2026-05-10T00:00:00Z")));
    assertThat(Balance.start(5, null, NOON)).isEqualTo(new Balance(5, NOON));
  }

  @Test
  void refilled_topsUpAtTheNextBoundary_toAtLeastTheAmount() {
    Balance low = Balance.start(5, DAILY, NOON);
    Balance high = Balance.start(500, DAILY, NOON);

    assertThat(low.refilled(DAILY, MIDNIGHT.minusMillis(1))).isSameAs(low);
    assertThat(low.refilled(DAILY, MIDNIGHT)).isEqualTo(new Balance(100, MIDNIGHT));
    assertThat(high.refilled(DAILY, MIDNIGHT)).isEqualTo(new Balance(500, MIDNIGHT));
    assertThat(low.refilled(null, MIDNIGHT)).isSameAs(low);
  }

  @Test
  void aBalance_isNeverNegative() {
    assertThatThrownBy(() -> new Balance(-1, NOON)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decide_isAllOrNothing_andNeedsOneUnitForCostZero() {
    List<CreditAccount> accounts =
        List.of(new CreditAccount("key_a", null), new CreditAccount("con_b", null));

    CreditSpend admitted =
        CreditSpend.decide(accounts, List.of(new Balance(3, NOON), new Balance(9, NOON)), 3);
    CreditSpend denied =
        CreditSpend.decide(accounts, List.of(new Balance(3, NOON), new Balance(2, NOON)), 3);
    CreditSpend peek = CreditSpend.decide(accounts, Arrays.asList(new Balance(0, NOON), null), 0);

    assertThat(admitted.admitted()).isTrue();
    assertThat(admitted.accounts())
        .extracting(CreditSpend.Account::remaining)
        .containsExactly(0L, 6L);
    assertThat(denied.admitted()).isFalse();
    assertThat(denied.accounts())
        .extracting(CreditSpend.Account::remaining)
        .containsExactly(3L, 2L);
    assertThat(denied.denied()).hasValueSatisfying(a -> assertThat(a.ownerId()).isEqualTo("con_b"));
    assertThat(peek.admitted()).isFalse();
    assertThat(peek.smallestRemaining()).hasValue(0);
  }
}
