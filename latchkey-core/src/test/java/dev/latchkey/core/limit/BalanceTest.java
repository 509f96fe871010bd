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
        .isEqualTo(new Balance(5, Instant.parse("2026-05-10T00:00:00Z"), DAILY));
    assertThat(Balance.start(5, null, NOON)).isEqualTo(new Balance(5, NOON, null));
  }

  @Test
  void refilled_topsUpAtTheNextBoundary_toAtLeastTheAmount() {
    Balance low = Balance.start(5, DAILY, NOON);
    Balance high = Balance.start(500, DAILY, NOON);

    Balance never = Balance.start(5, null, NOON);

    assertThat(low.refilled(MIDNIGHT.minusMillis(1))).isSameAs(low);
    assertThat(low.refilled(MIDNIGHT)).isEqualTo(new Balance(100, MIDNIGHT, DAILY));
    assertThat(high.refilled(MIDNIGHT)).isEqualTo(new Balance(500, MIDNIGHT, DAILY));
    assertThat(never.refilled(MIDNIGHT)).isSameAs(never);
  }

  @Test
  void aBalance_isNeverNegative() {
    assertThatThrownBy(() -> new Balance(-1, NOON, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void decide_isAllOrNothing_andNeedsOneUnitForCostZero() {
    List<String> owners = List.of("key_a", "con_b");

    CreditSpend admitted = CreditSpend.decide(owners, List.of(plain(3), plain(9)), 3);
    CreditSpend denied = CreditSpend.decide(owners, List.of(plain(3), plain(2)), 3);
    CreditSpend peek = CreditSpend.decide(owners, Arrays.asList(plain(0), null), 0);

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

  static Balance plain(long remaining) {
    return new Balance(remaining, NOON, null);
  }
}
