package dev.latchkey.core.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.api.Credits;
import dev.latchkey.api.RateLimit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireLimitsTest {
  @Test
  void durations_readInWholeDaysWhenTheyAreSome() {
    assertThat(WireLimits.duration(Duration.ofSeconds(1))).isEqualTo("PT1S");
    assertThat(WireLimits.duration(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
    assertThat(WireLimits.duration(Duration.parse("PT24H"))).isEqualTo("P1D");
    assertThat(WireLimits.duration(Duration.ofDays(31))).isEqualTo("P31D");
    assertThat(WireLimits.duration(Duration.ofHours(36))).isEqualTo("PT36H");
  }

  @Test
  void wireAndCoreForms_roundTrip() {
    List<RateLimit> limits =
        List.of(RateLimit.of("requests", 100, "PT1S"), RateLimit.of("daily", 5, "P1D"));
    Credits credits = new Credits(null, Credits.Refill.every(1000, "PT1H"));

    Limits core = WireLimits.limits(limits, credits);

    assertThat(core.rates())
        .containsExactly(
            new LimitRule("requests", 100, Duration.ofSeconds(1)),
            new LimitRule("daily", 5, Duration.ofDays(1)));
    assertThat(core.credits())
        .isEqualTo(new CreditPolicy(new Refill(1000, Duration.ofHours(1), null)));
    assertThat(WireLimits.rateLimits(core.rates())).isEqualTo(limits);
    assertThat(WireLimits.credits(core.credits(), 7L))
        .isEqualTo(new Credits(7L, Credits.Refill.every(1000, "PT1H")));
    assertThat(WireLimits.credits(null, 7L)).isNull();
    assertThat(WireLimits.limits(null, null)).isEqualTo(Limits.NONE);
  }
}
